// Kept command results on disk (pending-results.ts): one private file per job, read back oldest first,
// unreadable files removed, and the count and size bounds.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../../main/engine/remote/commands/job';
import {
  MAX_KEPT_BYTES,
  MAX_KEPT_RESULTS,
  overBounds,
  pendingResultKey,
  PendingResultFiles,
  type KeptEntry,
  type PendingResult,
} from '../../../../main/engine/remote/commands/pending-results';

const job = (jid: string): Job => ({
  jid,
  status: 'successful',
  finished_at: '2026-01-01T00:00:00Z',
  client_id: 'c',
  client_name: 'c',
  command: 'echo hi',
  cwd: '',
  interpreter: '',
  pid: 42,
  started_at: '2026-01-01T00:00:00Z',
  created_by: 'admin',
  timeout_sec: 60,
  multi_job_id: null,
  schedule_id: null,
  error: '',
  result: { stdout: 'hi\n', stderr: '', summary: '' },
  is_sudo: false,
  is_script: false,
  stream_result: false,
});

const result = (jid: string, keptAt: number): PendingResult => ({
  server: 'ws://rportd:8080',
  kind: 'command',
  summary: 'echo hi',
  keptAt,
  job: job(jid),
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('PendingResultFiles', () => {
  it('writes one 0600 file per job id, reads them back oldest first, and removes them', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'pending-'));
    dirs.push(root);
    const files = new PendingResultFiles(path.join(root, 'pending-results'));
    const second = result('job-2', 2000);
    const first = result('job-1', 1000);
    await files.write(pendingResultKey(second.job), second);
    await files.write(pendingResultKey(first.job), first);
    await files.write(pendingResultKey(first.job), first); // the same job again: still one file
    const names = await readdir(files.dir);
    expect(names).toHaveLength(2);
    if (process.platform !== 'win32') {
      expect((await stat(path.join(files.dir, names[0] ?? ''))).mode & 0o777).toBe(0o600);
      expect((await stat(files.dir)).mode & 0o777).toBe(0o700);
    }
    const { entries, bad } = await files.readAll();
    expect(bad).toEqual([]);
    expect(entries.map((e) => e.result.job.jid)).toEqual(['job-1', 'job-2']);
    await files.remove(pendingResultKey(first.job));
    expect((await files.readAll()).entries.map((e) => e.result.job.jid)).toEqual(['job-2']);
  });

  it('removes and reports a file that is not a kept result; a missing folder is empty', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'pending-'));
    dirs.push(root);
    const files = new PendingResultFiles(root);
    await writeFile(path.join(root, 'broken.json'), '{"server":');
    await writeFile(path.join(root, 'other.json'), '{"server":"x"}');
    const { entries, bad } = await files.readAll();
    expect(entries).toEqual([]);
    expect(bad).toHaveLength(2);
    expect(await readdir(root)).toEqual([]);
    expect(await new PendingResultFiles(path.join(root, 'none')).readAll()).toEqual({ entries: [], bad: [] });
  });
});

describe('overBounds', () => {
  const entry = (i: number, bytes: number): KeptEntry => ({ key: `k${i}`, result: result(`j${i}`, i), bytes });

  it('drops the oldest beyond the count, then beyond the size', () => {
    const many = Array.from({ length: MAX_KEPT_RESULTS + 3 }, (_, i) => entry(i, 10));
    expect(overBounds(many).map((e) => e.key)).toEqual(['k0', 'k1', 'k2']);
    const big = [entry(0, MAX_KEPT_BYTES / 2), entry(1, MAX_KEPT_BYTES / 2), entry(2, 1)];
    expect(overBounds(big).map((e) => e.key)).toEqual(['k0']);
    expect(overBounds([entry(0, 5)])).toEqual([]);
  });
});
