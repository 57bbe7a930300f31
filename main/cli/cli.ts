// Entry of the `rport-tray` command: dispatches to a subcommand and maps errors to exit codes.
import { APP_NAME, APP_VERSION } from '../shared/app-version';
import type { CliCommand, CliIo } from './command-types';
import { CliError, EXIT_OK, EXIT_RUNTIME_ERROR, EXIT_USAGE } from './exit-codes';
import { commands } from './commands';
import { editDistance } from '../config/key-suggestion';

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function mainUsage(list: CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    `${APP_NAME} ${APP_VERSION}: keeps this machine reachable through an rportd server.`,
    '',
    'Usage: rport-tray <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: rport-tray <command> --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 invalid config.',
    '',
  ].join('\n');
}

function seeHelp(command?: string): string {
  return `see: rport-tray ${command ? `${command} ` : ''}--help\n`;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? target.usage : mainUsage(commands));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '-v' || name === '--version' || name === 'version') {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const names = commands.map((c) => c.name);
    const close = names.filter((n) => editDistance(n, name) <= 2 || n.startsWith(name));
    const hint = close.length > 0 ? `; did you mean ${close.map((n) => `"${n}"`).join(' or ')}?` : '';
    io.stderr(`rport-tray: unknown command "${name}"${hint} (commands: ${names.join(', ')})\n${seeHelp()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`rport-tray ${command.name}: ${err.message}\n`);
      // One useful line, not the whole help: the message says what is wrong, --help the rest.
      if (err.exitCode === EXIT_USAGE) io.stderr(seeHelp(command.name));
      return err.exitCode;
    }
    io.stderr(`rport-tray ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_RUNTIME_ERROR;
  }
}
