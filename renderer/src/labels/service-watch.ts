// What the window calls things about the rport service on this machine (issue 17): the watchdog's
// judgement, what the service manager says, the two connection modes and the service's settings.
import type { ConnectionMode, ServiceSettings, ServiceView } from '../../../main/shared/contract';

export const SERVICE_HEALTH_LABELS: Record<ServiceView['health'], string> = {
  healthy: 'Healthy',
  stale: 'Not responding',
  stopped: 'Not running',
  restarting: 'Restarting',
  unjudged: 'Cannot judge',
};

export const SERVICE_RUNNING_LABELS: Record<ServiceView['running'], string> = {
  running: 'Running',
  starting: 'Starting',
  stopping: 'Stopping',
  stopped: 'Stopped',
  'not-installed': 'Not installed',
  unknown: 'Unknown',
};

export const CONNECTION_MODE_LABELS: Record<ConnectionMode, { label: string; help: string }> = {
  engine: {
    label: 'My own client',
    help: 'RPort Tray connects to the rportd server itself, with its own rport.conf.',
  },
  service: {
    label: 'The rport service on this machine',
    help:
      'RPort Tray watches the installed rport service: the tray and notifications follow it, it is restarted ' +
      'when its state.json goes stale or it stops, and its rport.conf is edited in Config.',
  },
};

export const SERVICE_FIELD_LABELS: Record<keyof ServiceSettings, { label: string; help: string; placeholder: string }> =
  {
    configPath: {
      label: "The service's rport.conf",
      help: 'Empty: the usual place of an installed client.',
      placeholder: '/etc/rport/rport.conf',
    },
    stateFile: {
      label: 'Its state.json',
      help: 'Empty: <data_dir>/state.json of that config (watchdog_integration = true writes it).',
      placeholder: '/var/lib/rport/state.json',
    },
    serviceName: {
      label: 'Service name',
      help: 'As the service manager knows it (systemd unit, Windows service, launchd label).',
      placeholder: 'rport',
    },
    restartCommand: {
      label: 'Restart command',
      help: "Empty: the system's own (systemctl, sc.exe, launchctl). The README says what to grant this user.",
      placeholder: 'sudo -n systemctl restart rport',
    },
    statusCommand: {
      label: 'Status command',
      help: "Empty: the system's own. Exit 0 means running, 3 stopped.",
      placeholder: '',
    },
    saveHelper: {
      label: 'Save helper',
      help: 'Writes rport.conf when this user may not, called with SOURCE TARGET. Empty: pkexec (Linux), osascript (macOS).',
      placeholder: '',
    },
  };

export const LOCKED_BY_POLICY = (file: string | null): string =>
  `Set by the administrator's policy${file ? ` (${file})` : ''}.`;
