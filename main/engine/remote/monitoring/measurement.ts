// One `save_measurement` payload (§5.3, Go `models.Measurement`): CPU, memory and I/O-wait percentages,
// processes and mountpoints as JSON strings, and the configured network cards. The server overwrites
// client_id and timestamp. Each part is best effort: a part that fails is logged and left empty.
import type { MonitoringSection } from '../../../shared/types/config-types';
import type { LogLevelName } from '../../../shared/types/engine-types';
import { nowRfc3339Nano } from '../shared/go-time';
import { runProcess, type ProcessRunner } from '../shared/process-runner';
import { cpuPercentages, readCpuTimes, type CpuTimes } from './cpu-usage';
import { readMemory } from './memory-usage';
import { measureMountpoints } from './mountpoints';
import { netRate, readNetCounters, type NetCounters } from './network-rates';
import { readProcesses, selectProcesses, type ProcessEntry } from './processes';

export interface Measurement {
  client_id: string;
  timestamp: string;
  cpu_usage_percent: number;
  memory_usage_percent: number;
  io_usage_percent: number;
  processes: string;
  mountpoints: string;
  net_lan: { in: number; out: number } | null;
  net_wan: { in: number; out: number } | null;
}

/** Far below the 256 KiB SSH packet limit and rportd's 512 KiB request limit. */
export const MEASUREMENT_MAX_BYTES = 180 * 1024;

export interface SystemMonitorOptions {
  platform?: NodeJS.Platform;
  runner?: ProcessRunner;
  /** The first CPU percentage needs two samples this far apart. */
  firstSampleMs?: number;
}

export class SystemMonitor {
  private readonly platform: NodeJS.Platform;
  private readonly runner: ProcessRunner;
  private readonly firstSampleMs: number;
  private previousCpu: CpuTimes | null = null;
  private previousProcesses = new Map<number, number>();
  private previousProcessesAt: number | null = null;
  private previousNet = new Map<string, NetCounters>();
  private previousNetAt: number | null = null;

  constructor(options: SystemMonitorOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.runner = options.runner ?? runProcess;
    this.firstSampleMs = options.firstSampleMs ?? 1000;
  }

  async measure(section: MonitoringSection, log: (level: LogLevelName, message: string) => void): Promise<Measurement> {
    const attempt = async <T>(what: string, fallback: T, work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        log('debug', `Cannot measure ${what}: ${error instanceof Error ? error.message : String(error)}`);
        return fallback;
      }
    };
    const cpu = await attempt('cpu_usage_percent', { cpu: 0, io: 0 }, async () => {
      let before = this.previousCpu;
      if (before === null) {
        before = await readCpuTimes(this.platform);
        await new Promise((resolve) => setTimeout(resolve, this.firstSampleMs));
      }
      const now = await readCpuTimes(this.platform);
      this.previousCpu = now;
      return cpuPercentages(before, now);
    });
    const memory = await attempt('memory_usage_percent', null, () => readMemory(this.platform));
    const processes = section.pm_enabled
      ? await attempt('processes', [] as ProcessEntry[], async () => {
          const raw = await readProcesses(this.platform, memory?.totalBytes ?? 0, this.runner);
          const now = Date.now();
          const elapsed = this.previousProcessesAt === null ? null : (now - this.previousProcessesAt) / 1000;
          const chosen = selectProcesses(raw, {
            maxCount: section.pm_max_number_processes,
            kernelTasks: section.pm_kerneltasks_enabled,
            previous: this.previousProcesses,
            elapsedSeconds: elapsed,
          });
          this.previousProcesses = new Map(
            raw.filter((p) => p.cpuSeconds !== null).map((p) => [p.pid, p.cpuSeconds as number]),
          );
          this.previousProcessesAt = now;
          return chosen;
        })
      : [];
    const mountpoints = await attempt('mountpoints', {}, () => measureMountpoints(section, this.platform, this.runner));
    const cards = [section.net_lan, section.net_wan];
    let nets: ({ in: number; out: number } | null)[] = [null, null];
    if (cards.some((card) => card !== null)) {
      nets = await attempt('net', [null, null], async () => {
        const counters = await readNetCounters(this.platform);
        const now = Date.now();
        const seconds = this.previousNetAt === null ? null : (now - this.previousNetAt) / 1000;
        const rates = cards.map((card) =>
          card === null ? null : netRate(this.previousNet.get(card[0]), counters.get(card[0]), seconds),
        );
        this.previousNet = counters;
        this.previousNetAt = now;
        return rates;
      });
    }
    return {
      client_id: '',
      timestamp: nowRfc3339Nano({ utc: true }),
      cpu_usage_percent: cpu.cpu,
      memory_usage_percent: memory?.usedPercent ?? 0,
      io_usage_percent: cpu.io,
      processes: JSON.stringify(processes),
      mountpoints: JSON.stringify(mountpoints),
      net_lan: nets[0] ?? null,
      net_wan: nets[1] ?? null,
    };
  }
}

/**
 * The bytes of a save_measurement payload: the measurement as JSON, without the oldest (lowest PID, listed
 * last) processes when it would not fit the budget. Serialised once when it fits (the usual case).
 */
export function measurementPayload(measurement: Measurement, maxBytes = MEASUREMENT_MAX_BYTES): Buffer {
  let data = Buffer.from(JSON.stringify(measurement));
  if (data.length <= maxBytes) return data;
  let processes = JSON.parse(measurement.processes) as ProcessEntry[];
  let processesText = measurement.processes;
  while (processes.length > 0 && data.length > maxBytes) {
    const over = data.length - maxBytes;
    const average = Math.max(1, processesText.length / processes.length);
    processes = processes.slice(0, Math.max(0, processes.length - Math.ceil(over / average) - 1));
    processesText = JSON.stringify(processes);
    data = Buffer.from(JSON.stringify({ ...measurement, processes: processesText }));
  }
  return data;
}
