// sd_notify(3) datagrams from Node, which has no AF_UNIX datagram sockets in core (docs/protocol.md
// §7.4), without a native addon: each message is handed to systemd's own `systemd-notify` tool, which is
// installed wherever systemd is, i.e. wherever NOTIFY_SOCKET is set. Since systemd 246 the tool waits
// until the manager has processed the message (a barrier), so it is not lost when the helper exits first;
// run as root it sends with our PID (the unit's main PID), otherwise with its own, which the unit accepts
// with `NotifyAccess=all` (`rport-tray service install` writes that). Messages are sent one at a time and
// in order; a WATCHDOG=1 still waiting behind another is not sent twice.
import { execFile } from 'node:child_process';

export interface NotifySender {
  /** Sends one datagram of `KEY=VALUE` lines; resolves when it was handed over (or failed, reported). */
  send(fields: string[]): Promise<void>;
}

export interface SystemdNotifySenderOptions {
  /** NOTIFY_SOCKET as systemd set it (a path, or `@name` for the abstract namespace). */
  socket: string;
  /** The helper; `systemd-notify` from PATH unless given. */
  binary?: string;
  /** Bounds one hand-over (the barrier waits up to 5 s for the manager). */
  timeoutMs?: number;
  onError?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function systemdNotifySender(options: SystemdNotifySenderOptions): NotifySender {
  const binary = options.binary ?? 'systemd-notify';
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let chain: Promise<void> = Promise.resolve();
  let queuedWatchdog: string[] | null = null;
  let missing = false;

  const handOver = (fields: string[]): Promise<void> =>
    new Promise((resolve) => {
      if (missing) return resolve();
      execFile(
        binary,
        fields,
        // Only what the helper needs: the socket, and PATH to find nothing else.
        { env: { NOTIFY_SOCKET: options.socket, PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout },
        (error, _stdout, stderr) => {
          if (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT') {
              missing = true;
              options.onError?.(
                `NOTIFY_SOCKET is set but ${binary} was not found: systemd will not hear READY=1 or WATCHDOG=1 ` +
                  "(install systemd's tools, or run without Type=notify and WatchdogSec=)",
              );
            } else {
              options.onError?.(`${binary} ${fields.join(' ')} failed: ${(stderr || error.message).trim()}`);
            }
          }
          resolve();
        },
      );
    });

  return {
    send(fields) {
      const isWatchdog = fields.includes('WATCHDOG=1') && !fields.some((f) => /^(READY|STOPPING)=/.test(f));
      if (isWatchdog && queuedWatchdog) {
        // One is already waiting: it goes with the newest status instead.
        queuedWatchdog.splice(0, queuedWatchdog.length, ...fields);
        return chain;
      }
      const message = [...fields];
      if (isWatchdog) queuedWatchdog = message;
      chain = chain.then(() => {
        if (queuedWatchdog === message) queuedWatchdog = null;
        return handOver(message);
      });
      return chain;
    },
  };
}
