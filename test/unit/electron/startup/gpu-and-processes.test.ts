// No GPU process for the tray app (hardware acceleration off; Chromium's GPU work in the main process on
// Linux and Windows), with RPORT_TRAY_GPU=1 as the way back; and the log line that shows what each
// process costs, after the start and after the window closes.
import type { ProcessMetric } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { setupGpu } from '../../../../main/electron/startup/gpu';
import {
  REPORT_AFTER_CLOSE_MS,
  REPORT_AFTER_START_MS,
  describeProcesses,
  setupProcessReport,
} from '../../../../main/electron/startup/process-report';

const fakeApp = () => ({ disableHardwareAcceleration: vi.fn(), commandLine: { appendSwitch: vi.fn() } });

const metric = (type: ProcessMetric['type'], kib: number, name?: string): ProcessMetric =>
  ({
    type,
    pid: 1,
    creationTime: 0,
    cpu: { percentCPUUsage: 0, idleWakeupsPerSecond: 0 },
    memory: { workingSetSize: kib, peakWorkingSetSize: kib },
    ...(name ? { name } : {}),
  }) as ProcessMetric;

describe('GPU', () => {
  it('turns hardware acceleration off and runs the GPU work in the main process on Linux and Windows', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const app = fakeApp();
      expect(setupGpu(app as never, platform, {})).toBe('no-gpu-process');
      expect(app.disableHardwareAcceleration).toHaveBeenCalledOnce();
      expect(app.commandLine.appendSwitch).toHaveBeenCalledWith('in-process-gpu');
    }
  });

  it('on macOS only turns hardware acceleration off', () => {
    const app = fakeApp();
    expect(setupGpu(app as never, 'darwin', {})).toBe('software');
    expect(app.disableHardwareAcceleration).toHaveBeenCalledOnce();
    expect(app.commandLine.appendSwitch).not.toHaveBeenCalled();
  });

  it("keeps Chromium's default with RPORT_TRAY_GPU=1", () => {
    const app = fakeApp();
    expect(setupGpu(app as never, 'linux', { RPORT_TRAY_GPU: '1' })).toBe('default');
    expect(app.disableHardwareAcceleration).not.toHaveBeenCalled();
    expect(app.commandLine.appendSwitch).not.toHaveBeenCalled();
  });
});

describe('process report', () => {
  it('names every process with its memory and the sum', () => {
    expect(
      describeProcesses([
        metric('Browser', 80 * 1024),
        metric('Utility', 53 * 1024, 'RPort Tray engine'),
        metric('Tab', 45 * 1024),
      ]),
    ).toBe('processes: 3, 178 MiB: Browser 80 MiB, Utility (RPort Tray engine) 53 MiB, Tab 45 MiB');
  });

  it('reports a minute after the start and a few seconds after each close of the window', () => {
    const timers: Array<[() => void, number]> = [];
    const lines: string[] = [];
    const report = setupProcessReport({
      getAppMetrics: () => [metric('Browser', 1024)],
      log: (m) => lines.push(m),
      setTimer: (run, ms) => (timers.push([run, ms]), {}),
    });
    expect(timers.map(([, ms]) => ms)).toEqual([REPORT_AFTER_START_MS]);
    report.windowClosed();
    expect(timers.map(([, ms]) => ms)).toEqual([REPORT_AFTER_START_MS, REPORT_AFTER_CLOSE_MS]);
    for (const [run] of timers) run();
    expect(lines).toEqual(['processes: 1, 1 MiB: Browser 1 MiB', 'processes: 1, 1 MiB: Browser 1 MiB']);
  });
});
