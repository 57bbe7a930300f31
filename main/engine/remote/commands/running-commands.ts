// The Go client runs commands with exec.CommandContext on the client's context, so they end when the
// client stops. Node does not kill children when it exits; this registry does it on process exit.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

const killAll = (): void => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
};

export function trackCommand(child: ChildProcess): void {
  if (running.size === 0) process.once('exit', killAll);
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) process.removeListener('exit', killAll);
  });
}

/** Commands still running (including those whose job already timed out), for diagnostics and tests. */
export const runningCommandCount = (): number => running.size;
