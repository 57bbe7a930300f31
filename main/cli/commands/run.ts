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
import type { WebUi } from '../../ui-bridge';
import { ListenAddressError, parseListenAddress, type ListenAddress } from '../../ui-bridge/listen-address';
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
  const started = await openHeadlessRun({ configFile, withWindow: listen !== null }, io);
  if (!started.ok) return EXIT_INVALID_CONFIG;
  const { app, sink } = started;
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
