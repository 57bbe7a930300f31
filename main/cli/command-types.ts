// What every subcommand of `rport-tray` looks like to the dispatcher.

import type { ConsoleIo } from '../run/console-io';

export type CliIo = ConsoleIo;

export interface CliCommand {
  name: string;
  /** One line for the command list in `--help`. */
  summary: string;
  /** The full usage text for `rport-tray <name> --help`. */
  usage: string;
  /** Resolves to the exit code. Throws CliError for usage and config errors. */
  run(args: string[], io: CliIo): Promise<number>;
}
