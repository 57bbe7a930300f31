import type { CliCommand } from '../command-types';
import { checkCommand } from './check';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, EXIT_RUNTIME_ERROR } from '../exit-codes';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the client headless (no Electron), optionally with the web UI',
  usage:
    'Usage: rport-tray run --config FILE [--ui 127.0.0.1:PORT]\n\n' +
    'Runs the engine under the supervisor; with --ui, serves the window as a web page on loopback.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' }, ui: { type: 'string' } });
    const file = requireOption(values.config, 'config');
    const checked = await checkCommand.run(['--config', file], io);
    if (checked !== EXIT_OK) return checked;
    io.stderr('rport-tray run: the engine and supervisor are not built yet; the config is valid.\n');
    return EXIT_RUNTIME_ERROR;
  },
};
