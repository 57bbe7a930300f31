import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withProcFile } from '../../../../main/engine/remote/monitoring/proc-files';
import {
  CMDLINE_READ_BYTES,
  MAX_CMDLINE,
  readLinuxProcesses,
} from '../../../../main/engine/remote/monitoring/processes';

const dir = mkdtempSync(path.join(tmpdir(), 'proc-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of a file as withProcFile reads it. */
const readProcFile = (file: string, maxBytes = 64 * 1024): string =>
  withProcFile(file, maxBytes, (bytes, length) => bytes.toString('utf8', 0, length));

describe('withProcFile', () => {
  it('returns the whole text of a small file, and each result stays its own after the buffer is reused', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    writeFileSync(a, 'Name:\tfirst\nState:\tS (sleeping)\n');
    writeFileSync(b, 'second ✓');
    const first = readProcFile(a);
    const second = readProcFile(b);
    expect(first).toBe('Name:\tfirst\nState:\tS (sleeping)\n');
    expect(second).toBe('second ✓');
  });

  it('stops at maxBytes, and at its 64 KiB buffer', () => {
    const big = path.join(dir, 'big');
    writeFileSync(big, 'x'.repeat(70 * 1024));
    expect(readProcFile(big, 10)).toBe('x'.repeat(10));
    expect(readProcFile(big)).toHaveLength(64 * 1024);
    expect(readProcFile(big, 1 << 20)).toHaveLength(64 * 1024);
  });

  it('reads a file the kernel generates (size 0 in stat)', () => {
    expect(readProcFile('/proc/self/status')).toMatch(new RegExp(`^Pid:\\t${process.pid}$`, 'm'));
  });

  it('throws when the file is missing (the process ended)', () => {
    expect(() => readProcFile(path.join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});

describe.runIf(process.platform === 'linux')('readLinuxProcesses', () => {
  it('reads each process, its cmdline cut to MAX_CMDLINE units without a broken character', async () => {
    // 3-byte characters: the read stops inside the cmdline, far past the part that is kept.
    const long = '€'.repeat(1000);
    expect(Buffer.byteLength(long)).toBeGreaterThan(CMDLINE_READ_BYTES);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', long], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const all = await readLinuxProcesses(1024 ** 4);
      const entry = all.find((p) => p.pid === child.pid);
      const expected = [process.execPath, '-e', 'setTimeout(() => {}, 30000)', long].join(' ').slice(0, MAX_CMDLINE);
      expect(entry).toMatchObject({ pid: child.pid, parent_pid: process.pid, name: 'node', cmdline: expected });
      expect(entry?.cmdline).not.toContain('\uFFFD');
      expect(entry?.state).toMatch(/^(sleeping|running)$/);
      expect(entry?.rss).toBeGreaterThan(0);
      expect(all.find((p) => p.pid === process.pid)?.cmdline).toContain('vitest');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('gives each process the name, parent and state its status and comm files have, read from stat alone', async () => {
    // A sleeping child, a stopped one, and one whose name has a space and parentheses.
    const sleeping = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const stopped = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const odd = spawn(process.execPath, ['-e', "process.title = 'my (odd) proc'; setTimeout(() => {}, 30000)"], {
      stdio: 'ignore',
    });
    // Started and settled (a loaded machine may take seconds): status says so, read before stat is.
    const settled = async (pid: number | undefined, state: string, name: string): Promise<void> => {
      for (let i = 0; i < 200; i++) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        if (status.includes(`State:\t${state}`) && status.includes(`Name:\t${name}\n`)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`process ${pid} did not reach ${state} as ${name}`);
    };
    try {
      await settled(sleeping.pid, 'S (sleeping)', 'node');
      await settled(odd.pid, 'S (sleeping)', 'my (odd) proc');
      await settled(stopped.pid, 'S (sleeping)', 'node');
      stopped.kill('SIGSTOP');
      await settled(stopped.pid, 'T (stopped)', 'node');
      const all = await readLinuxProcesses(1024 ** 4);
      for (const child of [sleeping, stopped, odd]) {
        const entry = all.find((p) => p.pid === child.pid);
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        expect(entry).toMatchObject({
          parent_pid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
          name: readFileSync(`/proc/${child.pid}/comm`, 'utf8').replace(/\n$/, ''),
          state: /^State:\s+\S \(([^)]+)\)/m.exec(status)?.[1],
        });
      }
      expect(all.find((p) => p.pid === stopped.pid)?.state).toBe('stopped');
      expect(all.find((p) => p.pid === odd.pid)).toMatchObject({ name: 'my (odd) proc', state: 'sleeping' });
    } finally {
      for (const child of [sleeping, stopped, odd]) child.kill('SIGKILL');
    }
  });

  it('lets the event loop run between batches of processes', async () => {
    const processes = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
    expect(processes).toBeGreaterThan(8);
    let turns = 0;
    let reading = true;
    const spin = (): void => {
      if (!reading) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await readLinuxProcesses(0);
    reading = false;
    expect(turns).toBeGreaterThanOrEqual(Math.floor((processes - 1) / 8));
  });
});
