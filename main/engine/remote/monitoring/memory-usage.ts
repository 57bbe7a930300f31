// Memory in use as the gopsutil in rport 0.9.13 computes UsedPercent on Linux: (total - free - buffers -
// cached) / total from /proc/meminfo (docs/protocol.md §6.6.1), not (total - MemAvailable) / total as
// later gopsutil versions do; rportd's graphs then compare with Go clients. os.freemem() elsewhere.
import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface MemoryInfo {
  totalBytes: number;
  usedPercent: number;
}

export function parseMeminfo(text: string): MemoryInfo {
  const field = (name: string): number | null => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  };
  const total = field('MemTotal');
  if (!total) throw new Error('no MemTotal in /proc/meminfo');
  const used = total - (field('MemFree') ?? 0) - (field('Buffers') ?? 0) - (field('Cached') ?? 0);
  return { totalBytes: total, usedPercent: Math.round((Math.max(0, used) / total) * 10000) / 100 };
}

export async function readMemory(platform: NodeJS.Platform = process.platform): Promise<MemoryInfo> {
  if (platform === 'linux') return parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
  const total = os.totalmem();
  return { totalBytes: total, usedPercent: Math.round(((total - os.freemem()) / total) * 10000) / 100 };
}
