// `rport-tray run`: the client headless. The supervised app (main/run: engine worker under the watchdog,
// app core, config watch, status file, log) with, under `--ui`, the web UI attached to its core. Exit 3
// with FILE:LINE problems for a config with errors (without --ui); SIGINT/SIGTERM stop cleanly, a second
// one kills the worker at once (exit 1), SIGHUP retries after the restart budget was spent.
import type { CliCommand, CliIo } from '../command-types';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_INVALID_CONFIG, EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from '../exit-codes';
import { openHeadlessRun } from '../../run/headless-run';
import type { SupervisedApp } from '../../run/supervised-app';
import { untilStopSignal } from '../../run/stop-signals';
import type { LogSink } from '../../logging/log-sink';
import type { SystemdWatchdog } from '../../watchdog/systemd/systemd-watchdog';
import { ListenAddressError, parseListenAddress, startWebUi, type ListenAddress, type WebUi } from '../../ui-bridge';
import { rendererDir } from '../../ui-bridge/renderer-dir';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the client headless (no Electron), optionally with the web UI',
  usage:
    'Usage: rport-tray run --config FILE [--ui 127.0.0.1:PORT]\n\n' +
    'Runs the engine in a worker process under the supervisor, which restarts it when its progress\n' +
    'goes stale or it dies. Logs go to stdout and to a rotating file: [logging] log_file when set, else\n' +
    '<data_dir>/logs/rport-tray.log. The state is kept in <data_dir>/rport-tray-status.json for\n' +
    '`rport-tray status`. A valid edit of the config file is applied while it runs.\n' +
    'SIGINT/SIGTERM stop cleanly (a second one kills the engine at once); SIGHUP starts again after the\n' +
    'restart budget was spent.\n' +
    'With --ui the window is served on loopback: open the printed URL (it holds the access token).\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' }, ui: { type: 'string' } });
    const configFile = requireOption(values.config, 'config');
    const listen = values.ui === undefined ? null : uiAddress(values.ui);
    return runHeadless(configFile, listen, io);
  },
};

async function runHeadless(configFile: string, listen: ListenAddress | null, io: CliIo): Promise<number> {
  let systemd: SystemdWatchdog | null = null;
  const started = await openHeadlessRun(
    { configFile, withWindow: listen !== null, observeSupervisor: (event) => systemd?.observe(event) },
    io,
  );
  if (!started.ok) return EXIT_INVALID_CONFIG;
  const { app, sink } = started;
  if (process.env.NOTIFY_SOCKET) systemd = await startSystemd(process.env, sink, started.longestQuietMs);
  let webUi: WebUi | null = null;
  try {
    await app.start();
    if (listen) webUi = await attachWebUi(app, listen, sink);
  } catch (err) {
    sink.log('error', 'cli', `cannot start: ${err instanceof Error ? err.message : String(err)}`);
    await app.stop().catch(() => undefined);
    await sink.close();
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
  return outcome === 'stopped' ? EXIT_OK : EXIT_RUNTIME_ERROR;
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

function attachWebUi(app: SupervisedApp, listen: ListenAddress, sink: LogSink): Promise<WebUi> {
  return startWebUi({
    backend: app.core,
    listen,
    staticDir: rendererDir(),
    onLog: (level, message) => sink.log(level, 'web-ui', message),
  });
}
