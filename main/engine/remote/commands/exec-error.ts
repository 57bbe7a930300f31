// Texts for a command that failed, worded like Go's os/exec errors because rportd shows them to admins
// and scripts may match on them (`exit status 1`, `signal: killed`).
import { constants } from 'node:os';

const SIGNAL_TEXT: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
};

export function exitErrorText(code: number | null, signal: NodeJS.Signals | null): string | null {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? `signal ${constants.signals[signal] ?? signal}`}`;
  if (code !== null && code !== 0) return `exit status ${code}`;
  return null;
}

/**
 * Go's wording for a program that cannot be started: a bare name is looked up in $PATH
 * (`exec: "sudo": executable file not found in $PATH`), a path is tried as it is
 * (`fork/exec /nonexistent/interp: no such file or directory`).
 */
export function startErrorText(file: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT' && file.includes('/')) return `fork/exec ${file}: no such file or directory`;
  if (error.code === 'ENOENT') return `exec: ${JSON.stringify(file)}: executable file not found in $PATH`;
  if (error.code === 'EACCES') return `fork/exec ${file}: permission denied`;
  return error.message;
}
