// `rport-tray run` under systemd (NOTIFY_SOCKET set), as the seeds describe and the Go client does
// (docs/protocol.md §7.4): WATCHDOG=1 on exactly the events that update state.json (connected, retry,
// a successful ping; §7.3), so it stops when the engine freezes; READY=1 once; STOPPING=1 on stop. It
// listens to the supervisor's events, so a frozen worker's silence reaches systemd too, and a supervisor
// that is `failed` (restart budget spent) lets systemd's watchdog restart the whole service.
// Loaded only by the CLI's run command when NOTIFY_SOCKET is set; never by the desktop app.
import type { LogLevelName } from '../../shared/types/engine-types';
import type { SupervisorEvent } from '../supervisor-types';
import type { NotifySender } from './notify-sender';

/** The progress that updates state.json, and therefore pets systemd's watchdog. */
const STATE_FILE_EVENTS = new Set(['connected', 'ping', 'retry']);

export interface SystemdWatchdog {
  /** Feed every supervisor event of every run. */
  observe(event: SupervisorEvent): void;
  /** STOPPING=1; resolves once handed over. */
  stopping(): Promise<void>;
}

export interface SystemdWatchdogOptions {
  socket: string;
  sender: NotifySender;
  log: (level: LogLevelName, message: string) => void;
  /** WATCHDOG_USEC systemd set (WatchdogSec=), in ms, and the longest quiet time of this config. */
  watchdogMs?: number | null;
  longestQuietMs?: number | null;
}

// systemd shows STATUS= in `systemctl status`; one line, bounded.
const statusLine = (text: string): string => `STATUS=${text.replace(/\s+/g, ' ').slice(0, 200)}`;

export function startSystemdWatchdog(options: SystemdWatchdogOptions): SystemdWatchdog {
  const { sender, log } = options;
  log('debug', `Using NOTIFY_SOCKET ${options.socket} for systemd watchdog integration`);
  if (options.watchdogMs && options.longestQuietMs && options.watchdogMs < options.longestQuietMs) {
    log(
      'warn',
      `systemd's WatchdogSec (${Math.round(options.watchdogMs / 1000)} s) is shorter than the longest time this ` +
        `config may go without a ping or retry (${Math.round(options.longestQuietMs / 1000)} s): systemd may restart ` +
        'a healthy client; raise WatchdogSec (`rport-tray service install` computes it)',
    );
  }
  let ready = false;
  let stopped = false;

  return {
    observe(event) {
      if (stopped || event.type !== 'engine' || event.event.type !== 'progress') return;
      const { kind, status } = event.event;
      if (!STATE_FILE_EVENTS.has(kind)) return;
      const fields = ['WATCHDOG=1', statusLine(status.message || status.state)];
      // READY=1 once connected the first time, or once the first round of dials failed: a server that is
      // down at boot must neither hold up the boot nor make systemd kill a client that patiently retries.
      if (!ready && (kind === 'connected' || kind === 'retry')) {
        ready = true;
        if (kind === 'retry') fields[1] = statusLine(`not connected yet: ${status.lastError ?? status.message}`);
        fields.unshift('READY=1');
      }
      void sender.send(fields);
    },
    async stopping() {
      if (stopped) return;
      stopped = true;
      await sender.send(['STOPPING=1', statusLine('stopping')]);
    },
  };
}
