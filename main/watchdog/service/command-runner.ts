// Running the service manager's commands (systemctl, sc.exe, launchctl, or the ones an administrator
// configured): argv only, never a shell, bounded in time and output, with failures described for people
// by the command and what it said.
import { execFile } from 'node:child_process';
import { seconds } from '../restart-record';

export interface CommandResult {
  /** Null when the command did not run to an exit (not found, killed by the timeout or a signal). */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or was stopped (`spawn systemctl ENOENT`, `timed out after 60 s`), else null. */
  error: string | null;
}

export type CommandRunner = (argv: readonly string[], options: { timeoutMs: number }) => Promise<CommandResult>;

const MAX_OUTPUT = 64 * 1024;

export const runCommand: CommandRunner = (argv, { timeoutMs }) =>
  new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined) {
      resolve({ code: null, signal: null, stdout: '', stderr: '', error: 'empty command' });
      return;
    }
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, windowsHide: true, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string }) | null;
        if (!e) {
          resolve({ code: 0, signal: null, stdout, stderr, error: null });
          return;
        }
        const code = typeof e.code === 'number' ? e.code : null;
        const timedOut = e.killed === true && code === null;
        resolve({
          code,
          signal: e.signal ?? null,
          stdout,
          stderr,
          error: timedOut
            ? `timed out after ${seconds(timeoutMs)}`
            : code === null && e.signal == null
              ? e.message
              : null,
        });
      },
    );
  });

/** A command line as people read it: arguments with spaces or quotes are quoted. */
export function commandLineText(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s"']/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ');
}

/**
 * Splits a configured command line into argv: whitespace separates, single or double quotes group (and
 * are removed), and nothing else is special, so Windows paths keep their backslashes. No shell runs it.
 */
export function splitCommandLine(text: string): string[] {
  const argv: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) argv.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in the command line: ${text}`);
  if (started) argv.push(current);
  return argv;
}

/** `systemctl restart rport.service` exited with code 1: Access denied */
export function describeCommandFailure(argv: readonly string[], result: CommandResult): string {
  const what = `\`${commandLineText(argv)}\``;
  const how =
    result.error !== null
      ? `failed: ${result.error}`
      : result.signal !== null
        ? `was killed by ${result.signal}`
        : `exited with code ${result.code ?? '?'}`;
  const said = oneLine(result.stderr) || oneLine(result.stdout);
  return `${what} ${how}${said ? `: ${said}` : ''}`;
}

/** The output on one line, bounded (a manager's error can be long). */
export function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
