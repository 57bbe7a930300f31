import type { CliCommand } from '../command-types';
import { CliError, EXIT_RUNTIME_ERROR } from '../exit-codes';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'get, set or unset one key of an rport.conf, keeping comments',
  usage: 'Usage: rport-tray config get|set|unset --config FILE <section.key> [value]\n',
  async run() {
    throw new CliError('not built yet (arrives with the config editor)', EXIT_RUNTIME_ERROR);
  },
};
