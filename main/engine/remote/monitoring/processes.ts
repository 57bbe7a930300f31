// The `processes` list of save_measurement (JSON string of {pid,parent_pid,name,cmdline,state,
// cpu_avg_usage_percent?,rss,vms,memory_usage_percent}), like the Go client's process handler: read from
// /proc on Linux and `ps` on macOS, newest (highest PID) first, kernel tasks optional, capped at
// pm_max_number_processes. CPU% is over the time since the previous measurement.
import { readdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ProcessRunner } from '../shared/process-runner';
import { readProcFile } from './proc-files';

export interface ProcessEntry {
  pid: number;
  parent_pid: number;
  name: string;
  cmdline: string;
  state: string;
  container?: string;
  cpu_avg_usage_percent?: number;
  rss: number;
  vms: number;
  memory_usage_percent: number;
}

/** A process as read, before CPU% (which needs the previous sample). */
export interface RawProcess extends Omit<ProcessEntry, 'cpu_avg_usage_percent'> {
  groupId: number;
  /** Total CPU seconds used so far, when known. */
  cpuSeconds: number | null;
}

/** One cmdline is capped: save_measurement must stay far below the SSH packet limit. */
export const MAX_CMDLINE = 512;

const LONG_STATES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'blocked',
  Z: 'zombie',
  X: 'dead',
  T: 'stopped',
  t: 'stopped',
  W: 'paging',
  I: 'idle',
};

export const longState = (short: string): string => LONG_STATES[short.charAt(0)] ?? `unknown(${short.charAt(0)})`;

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Fields after the `(comm)` of /proc/<pid>/stat (comm may hold spaces and parentheses). */
export function parseProcPidStat(
  text: string,
): { pgrp: number; utime: number; stime: number; vsize: number; rssPages: number } | null {
  const close = text.lastIndexOf(')');
  if (close === -1) return null;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is state (field 3 of stat); pgrp is field 5, utime 14, stime 15, vsize 23, rss 24.
  const at = (statField: number): number => Number(fields[statField - 3] ?? 0);
  return { pgrp: at(5), utime: at(14), stime: at(15), vsize: at(23), rssPages: at(24) };
}

export function parseProcPidStatus(text: string): { ppid: number; state: string } {
  const ppid = /^PPid:\s+(-?\d+)/m.exec(text)?.[1];
  const state = /^State:\s+(\S)(?:\s+\(([^)]+)\))?/m.exec(text);
  return {
    ppid: ppid === undefined ? -1 : Number(ppid),
    state: state?.[2] ? state[2].toLowerCase() : state?.[1] ? longState(state[1]) : '',
  };
}

const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

/**
 * Enough of a cmdline for MAX_CMDLINE UTF-16 units even when a character is cut at the end of the read:
 * one unit takes at most 3 bytes of UTF-8.
 */
export const CMDLINE_READ_BYTES = MAX_CMDLINE * 4 + 4;

function readLinuxProcess(pid: number, totalMemory: number): RawProcess | null {
  const base = `/proc/${pid}`;
  const optional = (read: () => string): string => {
    try {
      return read();
    } catch {
      return '';
    }
  };
  try {
    const status = readProcFile(`${base}/status`);
    const stat = readProcFile(`${base}/stat`);
    const comm = optional(() => readProcFile(`${base}/comm`));
    const cmdline = optional(() => readProcFile(`${base}/cmdline`, CMDLINE_READ_BYTES));
    const parsedStatus = parseProcPidStatus(status);
    const parsedStat = parseProcPidStat(stat);
    if (!parsedStat) return null;
    const rss = parsedStat.rssPages * PAGE_SIZE;
    const command = cmdline.replace(/\0+$/, '').replaceAll('\0', ' ');
    return {
      pid,
      parent_pid: parsedStatus.ppid,
      groupId: parsedStat.pgrp,
      name: comm.replace(/\n$/, ''),
      cmdline: command.length > MAX_CMDLINE ? command.slice(0, MAX_CMDLINE) : command,
      state: parsedStatus.state,
      rss,
      vms: parsedStat.vsize,
      memory_usage_percent: totalMemory > 0 ? round2((rss / totalMemory) * 100) : 0,
      cpuSeconds: (parsedStat.utime + parsedStat.stime) / CLOCK_TICKS,
    };
  } catch {
    // The process ended between listing and reading.
    return null;
  }
}

/** Processes read between two turns of the event loop: about 0.5 ms of synchronous reads here. */
const PROCESSES_PER_BATCH = 8;

export async function readLinuxProcesses(totalMemory: number): Promise<RawProcess[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found: RawProcess[] = [];
  for (let i = 0; i < pids.length; i++) {
    // The event loop (tunnel traffic) runs between batches of synchronous reads.
    if (i > 0 && i % PROCESSES_PER_BATCH === 0) await nextTurn();
    const entry = readLinuxProcess(pids[i] as number, totalMemory);
    if (entry) found.push(entry);
  }
  return found;
}

export const PS_ARGS = ['axwwo', 'pid=,ppid=,pgid=,state=,rss=,vsz=,time=,command='];

/** Parses `ps axwwo pid=,ppid=,pgid=,state=,rss=,vsz=,time=,command=` (rss and vsz in KiB). */
export function parsePs(text: string, totalMemory: number): RawProcess[] {
  const out: RawProcess[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, ppid, pgid, state, rss, vsz, time, command = ''] = match;
    const rssBytes = Number(rss) * 1024;
    const executable = command.split(' ')[0] ?? '';
    out.push({
      pid: Number(pid),
      parent_pid: Number(ppid),
      groupId: Number(pgid),
      name: executable.split('/').pop() ?? executable,
      cmdline: command.length > MAX_CMDLINE ? command.slice(0, MAX_CMDLINE) : command,
      state: longState(state ?? ''),
      rss: rssBytes,
      vms: Number(vsz) * 1024,
      memory_usage_percent: totalMemory > 0 ? round2((rssBytes / totalMemory) * 100) : 0,
      cpuSeconds: parsePsTime(time ?? ''),
    });
  }
  return out;
}

/** `ps` TIME: `[[dd-]hh:]mm:ss[.cc]`. */
export function parsePsTime(text: string): number | null {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  if (!match) return null;
  return Number(match[1] ?? 0) * 86400 + Number(match[2] ?? 0) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}

export async function readProcesses(
  platform: NodeJS.Platform,
  totalMemory: number,
  run: ProcessRunner,
): Promise<RawProcess[]> {
  if (platform === 'linux') return readLinuxProcesses(totalMemory);
  if (platform === 'darwin') {
    const result = await run('ps', PS_ARGS, { timeoutMs: 30_000 });
    if (result.error !== null) throw new Error(`ps failed: ${result.error}`);
    return parsePs(result.stdout, totalMemory);
  }
  throw new Error(`process monitoring is not supported on ${platform}`);
}

const isKernelTask = (p: RawProcess): boolean => p.parent_pid === 0 || p.groupId === 0;

/**
 * Orders, filters and caps the processes; CPU% comes from the CPU seconds used since the previous
 * sample (`previous` maps pid to CPU seconds) over `elapsedSeconds` of wall time.
 */
export function selectProcesses(
  raw: RawProcess[],
  options: { maxCount: number; kernelTasks: boolean; previous: Map<number, number>; elapsedSeconds: number | null },
): ProcessEntry[] {
  const sorted = [...raw].sort((a, b) => b.pid - a.pid);
  const chosen: ProcessEntry[] = [];
  for (const p of sorted) {
    if (chosen.length >= options.maxCount) break;
    if (!options.kernelTasks && isKernelTask(p)) continue;
    const before = options.previous.get(p.pid);
    const entry: ProcessEntry = {
      pid: p.pid,
      parent_pid: p.parent_pid,
      name: p.name,
      cmdline: p.cmdline,
      state: p.state,
      rss: p.rss,
      vms: p.vms,
      memory_usage_percent: p.memory_usage_percent,
    };
    if (p.cpuSeconds !== null && before !== undefined && options.elapsedSeconds && options.elapsedSeconds > 0) {
      const percent = round2(((p.cpuSeconds - before) / options.elapsedSeconds) * 100);
      // Go's tag is omitempty: a zero is left out.
      if (percent > 0) entry.cpu_avg_usage_percent = percent;
    }
    chosen.push(entry);
  }
  return chosen;
}
