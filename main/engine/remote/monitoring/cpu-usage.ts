// CPU and I/O-wait percentages over the time since the previous sample (the first sample waits a short
// window). Linux reads /proc/stat, whose iowait column is what the Go client reports as
// io_usage_percent; other systems use os.cpus(), which has no iowait (io_usage_percent is then 0).
import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface CpuTimes {
  total: number;
  idle: number;
  iowait: number;
}

/** Parses the aggregate `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal ...). */
export function parseProcStatCpu(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  // guest and guest_nice are already counted in user and nice.
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle, iowait };
}

export function osCpuTimes(): CpuTimes {
  let total = 0;
  let idle = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    idle += t.idle;
  }
  return { total, idle, iowait: 0 };
}

export async function readCpuTimes(platform: NodeJS.Platform = process.platform): Promise<CpuTimes> {
  if (platform === 'linux') return parseProcStatCpu(await readFile('/proc/stat', 'utf8'));
  return osCpuTimes();
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function cpuPercentages(previous: CpuTimes, current: CpuTimes): { cpu: number; io: number } {
  const total = current.total - previous.total;
  if (total <= 0) return { cpu: 0, io: 0 };
  const idle = current.idle - previous.idle;
  const iowait = current.iowait - previous.iowait;
  return {
    cpu: round2(Math.min(100, Math.max(0, (100 * (total - idle - iowait)) / total))),
    io: round2(Math.min(100, Math.max(0, (100 * iowait) / total))),
  };
}
