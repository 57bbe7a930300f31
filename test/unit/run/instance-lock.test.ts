// One run per data dir: the lock names its holder to a second run, is taken over when its process is
// gone, keeps the web UI owner-only, and is given back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireInstanceLock,
  fallbackLockPath,
  InstanceLockedError,
  instanceLockPath,
  readInstanceLock,
  runningInstance,
} from '../../../main/run/instance-lock';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-lock-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

/** A live process that is not this one, to hold a lock. */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
}

describe('instance lock', () => {
  it('refuses a second holder while the first lives, naming its pid, config and web UI', () => {
    const dir = dataDir();
    const pid = otherProcess();
    const first = acquireInstanceLock(dir, '/etc/first.conf', pid);
    first.setWebUi({ url: 'http://127.0.0.1:8421/', token: 'tok' });
    expect(statSync(instanceLockPath(dir)).mode & 0o777).toBe(0o600);
    expect(runningInstance(dir)).toMatchObject({ pid, configPath: '/etc/first.conf', webUi: { token: 'tok' } });

    let refused: unknown = null;
    try {
      acquireInstanceLock(dir, '/etc/second.conf');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(InstanceLockedError);
    expect((refused as Error).message).toBe(
      `another rport-tray run (pid ${pid}, web UI http://127.0.0.1:8421/, config /etc/first.conf) already uses ` +
        `the data dir ${dir}: stop it first, or give this run another config or data_dir ` +
        `(if pid ${pid} is not rport-tray, delete ${instanceLockPath(dir)})`,
    );
    // The refused run changed nothing.
    expect(readInstanceLock(dir)?.pid).toBe(pid);
  });

  it('takes over a lock whose process is gone, or that is not a lock at all', () => {
    const dir = dataDir();
    const gone = 2 ** 22 + 4321;
    acquireInstanceLock(dir, '/etc/old.conf', gone);
    expect(runningInstance(dir)).toBeNull();
    const lock = acquireInstanceLock(dir, '/etc/new.conf');
    expect(readInstanceLock(dir)).toMatchObject({ pid: process.pid, configPath: '/etc/new.conf', webUi: null });
    lock.release();
    expect(existsSync(instanceLockPath(dir))).toBe(false);

    writeFileSync(instanceLockPath(dir), 'not json');
    const again = acquireInstanceLock(dir, '/etc/new.conf');
    expect(JSON.parse(readFileSync(instanceLockPath(dir), 'utf8'))).toMatchObject({ version: 1, pid: process.pid });
    again.release();
  });

  it('leaves a lock alone that another process took over after its own went stale', () => {
    const dir = dataDir();
    const mine = acquireInstanceLock(dir, '/etc/a.conf');
    const pid = otherProcess();
    rmSync(instanceLockPath(dir));
    acquireInstanceLock(dir, '/etc/b.conf', pid);
    mine.release();
    expect(readInstanceLock(dir)?.pid).toBe(pid);
  });

  it('keeps the lock beside, under the temp dir, when the data dir cannot hold it; a second run still finds it', () => {
    const dir = dataDir();
    // A file where the data dir should be: it can be neither created nor written.
    writeFileSync(dir, 'not a folder');
    const pid = otherProcess();
    const first = acquireInstanceLock(dir, '/etc/first.conf', pid);
    try {
      expect(first.file).toBe(fallbackLockPath(dir));
      expect(statSync(path.dirname(first.file)).mode & 0o777).toBe(0o700);
      expect(readInstanceLock(dir)).toMatchObject({ pid, configPath: '/etc/first.conf' });
      expect(() => acquireInstanceLock(dir, '/etc/second.conf')).toThrow(InstanceLockedError);
    } finally {
      first.release();
    }
    expect(existsSync(fallbackLockPath(dir))).toBe(false);
    expect(fallbackLockPath(dir)).not.toBe(fallbackLockPath(`${dir}-other`));
  });
});
