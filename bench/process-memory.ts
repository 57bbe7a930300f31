// What the memory benches read about a process from Linux's /proc: resident memory (all of it, and the
// private part), threads, open file descriptors, and the tree of processes under a pid. Elsewhere these
// return null: the benches then say the figure is not available rather than guessing.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  /** Command line, for the report (arguments cut short). */
  command: string;
  /** VmRSS: every resident page, shared ones (the node binary's code) included. */
  rss: number;
  /** RssAnon: resident pages no other process shares: what one more such process really costs. */
  rssAnon: number;
  threads: number;
}

const kb = (status: string, field: string): number | null => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return m?.[1] === undefined ? null : Number(m[1]) * 1024;
};

export function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = kb(status, 'VmRSS');
    const rssAnon = kb(status, 'RssAnon');
    const threads = Number(/^Threads:\s+(\d+)$/m.exec(status)?.[1] ?? NaN);
    if (rss === null || rssAnon === null) return null;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 160);
    return { pid, command, rss, rssAnon, threads };
  } catch {
    return null;
  }
}

/** Open file descriptors of a process, or null when they cannot be read. */
export function openFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** `pid` and every process under it, parents first (empty when /proc cannot be read). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree: number[] = [];
  const visit = (id: number): void => {
    tree.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
