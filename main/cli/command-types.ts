// What every subcommand of `rport-tray` looks like to the dispatcher.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  name: string;
  /** One line for the command list in `--help`. */
  summary: string;
  /** The full usage text for `rport-tray <name> --help`. */
  usage: string;
  /** Resolves to the exit code. Throws CliError for usage and config errors. */
  run(args: string[], io: CliIo): Promise<number>;
}
