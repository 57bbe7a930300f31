// Runs a helper program to completion (package managers, `ps`, PowerShell) without blocking the event
// loop. Update checks and monitoring take it as a parameter so tests can replay recorded outputs.
import { execFile } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or null when the program could not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or finish: `spawn apt-get ENOENT`, `timed out after 60s`, ... */
  error: string | null;
}

export type ProcessRunner = (file: string, args: string[], options?: { timeoutMs?: number }) => Promise<ProcessResult>;

const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export const runProcess: ProcessRunner = (file, args, options = {}) =>
  new Promise((resolve) => {
    const timeoutMs = options.timeoutMs ?? 120_000;
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr, error: null });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        const code = typeof failure.code === 'number' ? failure.code : null;
        const reason = failure.killed
          ? `timed out after ${Math.round(timeoutMs / 1000)}s`
          : code !== null
            ? `exit status ${code}`
            : failure.message;
        resolve({ code, stdout, stderr, error: reason });
      },
    );
  });
