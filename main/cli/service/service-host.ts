// What `rport-tray service` needs from the machine, as one seam so tests run it against a temporary root
// directory and stand-in systemctl/launchctl scripts, never the real system.
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ServiceHost {
  platform: NodeJS.Platform;
  isRoot: boolean;
  /** Prefix of every system path written or checked ('/' for real). */
  root: string;
  /** The node binary and the `rport-tray` script the service should run. */
  nodePath: string;
  cliPath: string;
  /** The service manager's tools (names on PATH, or paths). */
  systemctl: string;
  launchctl: string;
  run(command: string, args: string[]): Promise<CommandResult>;
  now(): Date;
}

function runCommand(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (error && code === 127 ? error.message : '') });
    });
  });
}

/** This machine, as it is. */
export function systemServiceHost(argv1: string | undefined = process.argv[1]): ServiceHost {
  let cliPath = argv1 ? path.resolve(argv1) : '';
  try {
    cliPath = realpathSync(cliPath); // npm's bin link → the script it points to
  } catch {
    // keep what we have
  }
  return {
    platform: process.platform,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    root: '/',
    nodePath: process.execPath,
    cliPath,
    systemctl: 'systemctl',
    launchctl: 'launchctl',
    run: runCommand,
    now: () => new Date(),
  };
}
