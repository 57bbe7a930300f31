// `rport-tray run`: the client headless. The supervised app (main/run: engine worker under the watchdog,
// app core, config watch, status file, log) with, under `--ui`, the web UI attached to its core. Exit 3
// with FILE:LINE problems for a config with errors (without --ui); exit 1 when another run holds the data
// dir (main/run/instance-lock.ts) or the --ui address is taken; SIGINT/SIGTERM stop cleanly, a second
// one kills the worker at once (exit 1), SIGHUP retries after the restart budget was spent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIo } from '../command-types';
import { configFileOption, parseCommandArgs } from '../args';
import { EXIT_INVALID_CONFIG, EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from '../exit-codes';
import { openHeadlessRun, type HeadlessRunStart } from '../../run/headless-run';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from '../../run/instance-lock';
import type { SupervisedApp } from '../../run/supervised-app';
import { untilStopSignal } from '../../run/stop-signals';
import type { LogSink } from '../../logging/log-sink';
import type { SystemdWatchdog } from '../../watchdog/systemd/systemd-watchdog';
import { applySupervisorV8Flags, scavengeSupervisor } from '../../watchdog/supervisor-v8-flags';
import type { WebUi } from '../../ui-bridge';
import { ListenAddressError, parseListenAddress, type ListenAddress } from '../../ui-bridge/listen-address';
import { rendererDir } from '../../ui-bridge/renderer-dir';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the client headless (no Electron), optionally with the web UI',
  usage:
    'Usage: rport-tray run [--config FILE] [--ui 127.0.0.1:PORT]\n\n' +
    'Runs the engine in a worker process under the supervisor, which restarts it when its progress\n' +
    'goes stale or it dies. FILE defaults to <data folder>/rport.conf (see the README).\n' +
    'Logs go to stdout and to rotating files: <data_dir>/logs/rport-tray.N.log, or X.N.log for\n' +
    '[logging] log_file = X.log; X.current.log links to the live one. The state is kept in\n' +
    '<data_dir>/rport-tray-status.json for `rport-tray status`. A valid edit of the config file is\n' +
    'applied while it runs: not at all when nothing the engine uses changed (a comment), without\n' +
    'reconnecting when it can be (log level, remote-command, script and file-reception rules,\n' +
    'monitoring), else by a reconnect. One run per data dir: a second one exits 1 naming the first.\n' +
    'SIGINT/SIGTERM stop cleanly (a second one kills the engine at once); SIGHUP starts again after the\n' +
    'restart budget was spent.\n' +
    'With --ui the window is served on loopback: open the printed URL (it holds the access token);\n' +
    '`rport-tray ui-link` prints it again. Without a config file, the window opens the first-start\n' +
    'setup. A --ui address that is taken ends the run at once (exit 1).\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' }, ui: { type: 'string' } });
    const configFile = configFileOption(values.config);
    const listen = values.ui === undefined ? null : uiAddress(values.ui);
    if (listen === null && !existsSync(configFile)) {
      // Without a window there is no setup to open: say how to get one.
      io.stderr(
        `rport-tray run: no config at ${configFile}: pass --config FILE, or start with ` +
          '--ui 127.0.0.1:0 to create it in the first-start setup\n',
      );
      return EXIT_INVALID_CONFIG;
    }
    return runHeadless(configFile, listen, io);
  },
};

async function runHeadless(configFile: string, listen: ListenAddress | null, io: CliIo): Promise<number> {
  applySupervisorV8Flags();
  scavengeSupervisor();
  let lock: InstanceLock | null = null;
  let systemd: SystemdWatchdog | null = null;
  let started: HeadlessRunStart;
  try {
    started = await openHeadlessRun(
      {
        configFile,
        withWindow: listen !== null,
        claimDataDir: (dataDir) => (lock = acquireInstanceLock(dataDir, path.resolve(configFile))),
        observeSupervisor: (event) => systemd?.observe(event),
      },
      io,
    );
  } catch (err) {
    if (!(err instanceof InstanceLockedError)) throw err;
    io.stderr(`rport-tray run: ${err.message}\n`);
    return EXIT_RUNTIME_ERROR;
  }
  if (!started.ok) return EXIT_INVALID_CONFIG;
  const { app, sink } = started;
  const held = lock as InstanceLock | null;
  if (process.env.NOTIFY_SOCKET) systemd = await startSystemd(process.env, sink, started.longestQuietMs);
  let webUi: WebUi | null = null;
  try {
    // The window first: a --ui address that is taken ends the run before any engine starts.
    if (listen) {
      webUi = await attachWebUi(app, listen, sink);
      held?.setWebUi(webUiRecord(webUi));
    }
    await app.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    sink.log('error', 'cli', `cannot start: ${message}`);
    io.stderr(`rport-tray run: ${message}\n`);
    await webUi?.close();
    await app.stop().catch(() => undefined);
    await sink.close();
    held?.release();
    return EXIT_RUNTIME_ERROR;
  }
  // The URL carries the token: it goes to the terminal only, never into the log file.
  if (webUi) io.stdout(`rport-tray: web UI at ${webUi.url}\n`);

  const outcome = await untilStopSignal(
    {
      stop: async () => {
        await systemd?.stopping();
        await webUi?.close();
        await app.stop();
      },
      kill: () => app.kill(),
      retry: () => void app.retry(),
    },
    sink,
  );
  await sink.close();
  held?.release();
  return outcome === 'stopped' ? EXIT_OK : EXIT_RUNTIME_ERROR;
}

/** The web UI as the lock keeps it for `status` and `ui-link`: its address and its token apart. */
function webUiRecord(webUi: WebUi): { url: string; token: string } {
  const url = new URL(webUi.url);
  const token = url.searchParams.get('token') ?? '';
  url.search = '';
  return { url: url.toString(), token };
}

/** systemd's notify protocol, loaded only when systemd asked for it (NOTIFY_SOCKET). */
async function startSystemd(env: NodeJS.ProcessEnv, sink: LogSink, longestQuietMs: number | null) {
  const [{ startSystemdWatchdog }, { systemdNotifySender }] = await Promise.all([
    import('../../watchdog/systemd/systemd-watchdog'),
    import('../../watchdog/systemd/notify-sender'),
  ]);
  const socket = env.NOTIFY_SOCKET ?? '';
  const usec = Number(env.WATCHDOG_USEC);
  return startSystemdWatchdog({
    socket,
    sender: systemdNotifySender({ socket, onError: (message) => sink.log('warn', 'systemd', message) }),
    log: (level, message) => sink.log(level, 'systemd', message),
    watchdogMs: Number.isFinite(usec) && usec > 0 ? usec / 1000 : null,
    longestQuietMs,
  });
}

function uiAddress(text: string): ListenAddress {
  try {
    return parseListenAddress(text);
  } catch (err) {
    if (err instanceof ListenAddressError) throw usageError(err.message);
    throw err;
  }
}

async function attachWebUi(app: SupervisedApp, listen: ListenAddress, sink: LogSink): Promise<WebUi> {
  // Loaded only with --ui: a run without the window never loads the web UI server (issue 16).
  const { startWebUi } = await import('../../ui-bridge');
  return startWebUi({
    backend: app.core,
    listen,
    staticDir: rendererDir(),
    onLog: (level, message) => sink.log(level, 'web-ui', message),
  });
}
