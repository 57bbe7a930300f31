// Which program runs a command's script file, per platform, mirroring the Go client's
// client/system/{interpreter,exec}_{nix,win}.go: alias lookup in [interpreter-aliases]; default
// /bin/sh (Unix) or cmd (Windows); `sudo -n` in front on Unix when asked; a shebang skips the
// interpreter on Unix; tacoscript takes the file as an argument instead of `-c`.
import type { InterpreterAlias } from '../../../shared/types/config-types';

export const UNIX_SHELL = '/bin/sh';
export const CMD_SHELL = 'cmd';
export const POWERSHELL = 'powershell';
export const TACOSCRIPT = 'tacoscript';

export type Platform = 'linux' | 'darwin' | 'win32';

export interface InterpreterChoice {
  /** What the server asked for (`interpreter` of the job), possibly empty. */
  requested: string;
  aliases: Record<string, InterpreterAlias>;
  platform: Platform;
}

/** The interpreter path after alias lookup and the platform default (Go `Interpreter.Get`). */
export function resolveInterpreter({ requested, aliases, platform }: InterpreterChoice): string {
  if (requested !== '' && Object.hasOwn(aliases, requested)) return (aliases[requested] as InterpreterAlias).path;
  if (requested === '') return platform === 'win32' ? CMD_SHELL : UNIX_SHELL;
  return requested;
}

/** The alias entry the job names, for its encodings. */
export function interpreterAlias(choice: InterpreterChoice): InterpreterAlias | null {
  return choice.requested !== '' && Object.hasOwn(choice.aliases, choice.requested)
    ? (choice.aliases[choice.requested] as InterpreterAlias)
    : null;
}

/** Go `Interpreter.Matches(search, exact=false)`: by name, or by a substring of the resolved path. */
function matchesLoosely(choice: InterpreterChoice, search: string): boolean {
  return choice.requested === search || resolveInterpreter(choice).toLowerCase().includes(search);
}

function isCmd(choice: InterpreterChoice): boolean {
  return choice.requested === '' ? choice.platform === 'win32' : choice.requested === CMD_SHELL;
}

export const isPowerShell = (choice: InterpreterChoice): boolean => matchesLoosely(choice, POWERSHELL);

/** File extension of the script file: `.yml` for tacoscript, `.ps1`/`.bat` on Windows, none on Unix. */
export function scriptExtension(choice: InterpreterChoice): string {
  if (choice.requested === TACOSCRIPT) return '.yml';
  if (choice.platform !== 'win32') return '';
  return isPowerShell(choice) ? '.ps1' : '.bat';
}

export const hasShebang = (script: string): boolean => script.startsWith('#!');

export interface Invocation {
  file: string;
  args: string[];
  /** Windows only: pass the command line as is (cmd.exe quoting rules, Go's SysProcAttr.CmdLine). */
  windowsVerbatimArguments: boolean;
}

export interface InvocationInput extends InterpreterChoice {
  scriptPath: string;
  script: string;
  isSudo: boolean;
}

/** Go resolves the bare names cmd, powershell and tacoscript to `<name>.exe` on the PATH. */
const windowsProgram = (path: string): string =>
  [CMD_SHELL, POWERSHELL, TACOSCRIPT].includes(path) ? `${path}.exe` : path;

export function buildInvocation(input: InvocationInput): Invocation {
  return input.platform === 'win32' ? buildWindowsInvocation(input) : buildUnixInvocation(input);
}

// Bourne-family shells. Go runs `<shell> -c <script>`, and the shell there replaces itself with
// `<shell> <script>` (the script has no shebang): ps shows `/bin/sh <script>` under the Go client, its pid
// is the one reported and `$$`, and a kill of it reads "signal: killed". Node's child shell forks for it
// instead, which adds a wrapper shell; so a shell is given the file itself, which runs it the same way.
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'posh']);
const isShell = (interpreter: string): boolean => SHELLS.has(interpreter.slice(interpreter.lastIndexOf('/') + 1));

function buildUnixInvocation(input: InvocationInput): Invocation {
  const args: string[] = [];
  if (input.isSudo) args.push('sudo', '-n');
  const interpreter = hasShebang(input.script) ? '' : resolveInterpreter(input);
  let target = input.scriptPath;
  if (interpreter !== '') {
    args.push(interpreter);
    if (interpreter !== TACOSCRIPT && !isShell(interpreter)) {
      args.push('-c');
      // The path goes through `-c` as shell text: escape spaces as Go does (a data_dir such as
      // "Application Support" on macOS has one).
      target = target.replaceAll(' ', '\\ ');
    }
  }
  args.push(target);
  const [file, ...rest] = args as [string, ...string[]];
  return { file, args: rest, windowsVerbatimArguments: false };
}

function buildWindowsInvocation(input: InvocationInput): Invocation {
  const file = windowsProgram(resolveInterpreter(input));
  if (isCmd(input)) {
    const quoted = input.scriptPath.includes(' ') ? `"${input.scriptPath.replace(/^"+|"+$/g, '')}"` : input.scriptPath;
    return { file, args: ['/c', quoted], windowsVerbatimArguments: true };
  }
  if (isPowerShell(input)) {
    return {
      file,
      args: ['-Noninteractive', '-executionpolicy', 'bypass', '-File', input.scriptPath],
      windowsVerbatimArguments: false,
    };
  }
  return { file, args: [input.scriptPath], windowsVerbatimArguments: false };
}
