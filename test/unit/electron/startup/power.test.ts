// Sleep and resume: a resume or an unlock gives the running engine's watchdog a grace period.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { setupPowerEvents } from '../../../../main/electron/startup/power';

describe('setupPowerEvents', () => {
  it('hands resume and unlock to the watchdog and logs sleep and wake', () => {
    const powerMonitor = new EventEmitter();
    const engine = { onSystemResume: vi.fn() };
    const log = vi.fn();
    setupPowerEvents(powerMonitor as never, engine, log);
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(engine.onSystemResume).toHaveBeenCalledTimes(2);
    expect(log.mock.calls).toEqual([
      ['info', 'the system is going to sleep'],
      ['info', 'the system resumed'],
    ]);
  });
});
