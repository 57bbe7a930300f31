// The `processes` list of save_measurement (JSON string of {pid,parent_pid,name,cmdline,state,
// cpu_avg_usage_percent?,rss,vms,memory_usage_percent}), like the Go client's process handler: read from
// /proc on Linux and `ps` on macOS, newest (highest PID) first, kernel tasks optional, capped at
// pm_max_number_processes. CPU% is over the time since the previous measurement.
import { readdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ProcessRunner } from '../shared/process-runner';
import { withProcFile } from './proc-files';

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

// What /proc/<pid>/status writes after the state letter that /proc/<pid>/stat has (the kernel's
// task_state_array). A measurement reads only stat and cmdline: status (1.4 KB of text per process) and
// comm (stat has it too) made most of what monitoring allocated in an idle worker (README "Memory").
const KERNEL_STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk sleep',
  T: 'stopped',
  t: 'tracing stop',
  X: 'dead',
  Z: 'zombie',
  P: 'parked',
  I: 'idle',
};

/** The state's name as /proc/<pid>/status gives it, from the letter of /proc/<pid>/stat. */
export const procStateName = (letter: string): string => KERNEL_STATE_NAMES[letter] ?? longState(letter);

export interface ProcStat {
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  utime: number;
  stime: number;
  vsize: number;
  rssPages: number;
}

const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;

/**
 * /proc/<pid>/stat, parsed from its bytes: its `(comm)` (which may hold spaces and parentheses) and the
 * fields after it. Only comm becomes a string: a measurement parses one of these per process.
 */
export function parseProcPidStat(bytes: Buffer, length: number = bytes.length): ProcStat | null {
  const open = bytes.indexOf(OPEN_PAREN);
  const close = bytes.lastIndexOf(CLOSE_PAREN, length - 1);
  if (open === -1 || close < open || close + 2 >= length) return null;
  const parsed: ProcStat = {
    comm: bytes.toString('utf8', open + 1, close),
    state: procStateName(String.fromCharCode(bytes[close + 2] as number)),
    ppid: 0,
    pgrp: 0,
    utime: 0,
    stime: 0,
    vsize: 0,
    rssPages: 0,
  };
  // Field 3 (state) starts after ") "; ppid is field 4, pgrp 5, utime 14, stime 15, vsize 23, rss 24.
  let field = 3;
  let value = 0;
  let sign = 1;
  for (let i = close + 2; i <= length && field <= 24; i++) {
    const byte = i < length ? (bytes[i] as number) : SPACE;
    if (byte === SPACE || byte === NEWLINE) {
      const number = sign * value;
      if (field === 4) parsed.ppid = number;
      else if (field === 5) parsed.pgrp = number;
      else if (field === 14) parsed.utime = number;
      else if (field === 15) parsed.stime = number;
      else if (field === 23) parsed.vsize = number;
      else if (field === 24) parsed.rssPages = number;
      field++;
      value = 0;
      sign = 1;
    } else if (byte === MINUS) sign = -1;
    else if (byte >= DIGIT_0 && byte <= DIGIT_0 + 9) value = value * 10 + (byte - DIGIT_0);
  }
  return parsed;
}

const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

/**
 * Enough of a cmdline for MAX_CMDLINE UTF-16 units even when a character is cut at the end of the read:
 * one unit takes at most 3 bytes of UTF-8.
 */
export const CMDLINE_READ_BYTES = MAX_CMDLINE * 4 + 4;

/** A stat line is about 300 bytes; its 52 fields of 64-bit numbers and a 64-byte comm stay far below. */
const STAT_READ_BYTES = 4096;

const NUL = 0;

/** A cmdline's arguments joined by spaces, cut to MAX_CMDLINE; the NULs are replaced in the read buffer. */
function cmdlineText(bytes: Buffer, length: number): string {
  let end = length;
  while (end > 0 && bytes[end - 1] === NUL) end--;
  for (let i = 0; i < end; i++) if (bytes[i] === NUL) bytes[i] = SPACE;
  const text = bytes.toString('utf8', 0, end);
  return text.length > MAX_CMDLINE ? text.slice(0, MAX_CMDLINE) : text;
}

function readLinuxProcess(pid: number, totalMemory: number): RawProcess | null {
  const base = `/proc/${pid}`;
  let stat: ProcStat | null;
  try {
    stat = withProcFile(`${base}/stat`, STAT_READ_BYTES, parseProcPidStat);
  } catch {
    // The process ended between listing and reading.
    return null;
  }
  if (!stat) return null;
  let cmdline = '';
  try {
    cmdline = withProcFile(`${base}/cmdline`, CMDLINE_READ_BYTES, cmdlineText);
  } catch {
    // Ended since, or not ours to read: the entry stays, without its cmdline.
  }
  const rss = stat.rssPages * PAGE_SIZE;
  return {
    pid,
    parent_pid: stat.ppid,
    groupId: stat.pgrp,
    name: stat.comm,
    cmdline,
    state: stat.state,
    rss,
    vms: stat.vsize,
    memory_usage_percent: totalMemory > 0 ? round2((rss / totalMemory) * 100) : 0,
    cpuSeconds: (stat.utime + stat.stime) / CLOCK_TICKS,
  };
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
