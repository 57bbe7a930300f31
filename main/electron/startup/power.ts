// After sleep the engine's silence is the machine's, not a hang: the watchdog gets a grace period.
import type { PowerMonitor } from 'electron';
import type { DesktopLog } from './desktop-state';
import type { CoreHandles } from './desktop-types';

export function setupPowerEvents(
  powerMonitor: Pick<PowerMonitor, 'on'>,
  engine: Pick<CoreHandles, 'onSystemResume'>,
  log: DesktopLog,
): void {
  powerMonitor.on('suspend', () => log('info', 'the system is going to sleep'));
  powerMonitor.on('resume', () => {
    log('info', 'the system resumed');
    engine.onSystemResume();
  });
  powerMonitor.on('unlock-screen', () => engine.onSystemResume());
}
