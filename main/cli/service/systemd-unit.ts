// The systemd unit `rport-tray service install` writes on Linux. The values follow the seeds' unit for
// the Go client (Restart=always, RestartSec=120, WatchdogSec, LimitNOFILE, StartLimit*) and say why in
// comments in the file itself, where an administrator reads them.
import type { ServiceTiming } from './service-timing';

export const SYSTEMD_UNIT_NAME = 'rport-tray.service';
export const SYSTEMD_UNIT_DIR = 'etc/systemd/system';

export interface UnitInput {
  nodePath: string;
  cliPath: string;
  configFile: string;
  user: string | null;
  timing: ServiceTiming;
  writtenAt: Date;
}

/** systemd's quoting for ExecStart= words: double quotes, with backslash and quote escaped. */
const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/[\\"]/g, '\\$&')}"`);

export function renderSystemdUnit(input: UnitInput): string {
  const { timing } = input;
  const exec = [input.nodePath, input.cliPath, 'run', '--config', input.configFile].map(quote).join(' ');
  const watchdog =
    timing.watchdogSec === null
      ? [
          '# No WatchdogSec: keep_alive = 0 sends no pings, so a connected client reports nothing systemd could',
          "# watch (the app's own watchdog still restarts a frozen engine).",
        ]
      : [
          `# The longest this config goes without a ping or a retry is ${timing.quietSec} s (keep_alive + keep_alive_timeout`,
          '# + jitter, or max_retry_interval + a dial to every server + the new_connection reply), plus a margin. The',
          '# seeds use 200 for keep_alive = max_retry_interval = 3m; run `service install` again after changing them.',
          `WatchdogSec=${timing.watchdogSec}`,
        ];
  return [
    `# Written by \`rport-tray service install\` on ${input.writtenAt.toISOString()}; \`rport-tray service uninstall\``,
    '# removes it. The values follow the Go client\'s unit in the RPort docs ("Using the systemd watchdog").',
    '[Unit]',
    'Description=RPort Tray client: keeps this machine reachable through an rportd server',
    'Wants=network-online.target',
    'After=network-online.target',
    "# The seeds' start limit (10 starts in 5 s): with RestartSec=120 it is never reached, so systemd never",
    '# gives up on the client.',
    'StartLimitIntervalSec=5',
    'StartLimitBurst=10',
    '',
    '[Service]',
    '# READY=1 once connected the first time (or once the first round of dials failed: a server that is down',
    '# at boot must not hold the boot up); WATCHDOG=1 on every event that updates state.json.',
    'Type=notify',
    '# Node sends through systemd-notify; not running as root, the helper sends with its own PID.',
    'NotifyAccess=all',
    `ExecStart=${exec}`,
    ...(input.user ? [`User=${input.user}`] : []),
    ...watchdog,
    '# A first round of dials to every server, plus a margin.',
    `TimeoutStartSec=${timing.timeoutStartSec}`,
    "# The whole client died or hung (the app's own watchdog replaces a frozen engine in seconds): start it",
    '# again, after 2 minutes as in the seeds, so a crash loop does not hammer the server.',
    'Restart=always',
    'RestartSec=120',
    '# SIGTERM to rport-tray only: it stops its engine worker itself (STOPPING=1, then ask, then SIGKILL).',
    'KillMode=mixed',
    'TimeoutStopSec=30',
    "# Tunnels are sockets: the seeds' limit.",
    'LimitNOFILE=1048576',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
