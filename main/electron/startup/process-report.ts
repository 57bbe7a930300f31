// What each process of the desktop app costs, from Electron's app.getAppMetrics(): one log line such as
// `processes: 2, 131 MiB: Browser 78 MiB, Utility (RPort Tray engine) 53 MiB` a minute after the start and
// a few seconds after the window closes, so a look at the log shows that a closed window left no renderer
// (Tab) and that there is no GPU process (issue 16; README "Manual checks on a desktop").
import type { ProcessMetric } from 'electron';

/** The memory figure that matches what the OS's task list shows: working set on Windows and macOS, RSS on Linux. */
export function describeProcesses(metrics: readonly ProcessMetric[]): string {
  const kib = (m: ProcessMetric): number => m.memory.workingSetSize;
  const mib = (k: number): string => `${Math.round(k / 1024)} MiB`;
  const total = metrics.reduce((sum, m) => sum + kib(m), 0);
  const parts = metrics.map((m) => {
    // `name` is what utilityProcess.fork was given as serviceName ("RPort Tray engine").
    const name = m.name ?? m.serviceName;
    return `${m.type}${name ? ` (${name})` : ''} ${mib(kib(m))}`;
  });
  return `processes: ${metrics.length}, ${mib(total)}: ${parts.join(', ')}`;
}

export interface ProcessReportDeps {
  getAppMetrics(): ProcessMetric[];
  log(message: string): void;
  /** Milliseconds; injectable for tests. */
  setTimer?(run: () => void, ms: number): { unref?(): unknown };
}

export const REPORT_AFTER_START_MS = 60_000;
export const REPORT_AFTER_CLOSE_MS = 5_000;

/** Reports once after the start; `windowClosed()` reports again a little after each close. */
export function setupProcessReport(deps: ProcessReportDeps): { windowClosed(): void } {
  const timer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const report = (): void => deps.log(describeProcesses(deps.getAppMetrics()));
  timer(report, REPORT_AFTER_START_MS).unref?.();
  return { windowClosed: () => void timer(report, REPORT_AFTER_CLOSE_MS).unref?.() };
}
