// The Electron adapter of the worker host, with `electron` mocked: how it forks, relays messages and
// output, reports the exit once, and escalates to SIGKILL through process.kill (utilityProcess.kill()
// is SIGTERM only).
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerExit } from '../../../main/watchdog/worker-host';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed++;
    return true;
  }
  spawnAs(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
}

const forked: { child: FakeUtilityProcess; args: unknown[] }[] = [];
let forkThrows: Error | null = null;

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (...args: unknown[]) => {
      if (forkThrows) throw forkThrows;
      const child = new FakeUtilityProcess();
      forked.push({ child, args });
      return child;
    },
  },
}));

const { createUtilityProcessHost } = await import('../../../main/electron/utility-process-host');

const exitOf = (handle: { onExit(l: (e: WorkerExit) => void): void }) =>
  new Promise<WorkerExit>((resolve) => handle.onExit(resolve));

beforeEach(() => {
  forked.length = 0;
  forkThrows = null;
});

describe('utilityProcess worker host', () => {
  it('forks the entry as a named service with piped output and the given env', () => {
    const host = createUtilityProcessHost({ entry: '/app/dist/engine-worker.js', env: { A: '1' } });
    host.spawn();
    expect(forked[0]?.args).toEqual([
      '/app/dist/engine-worker.js',
      [],
      { serviceName: 'RPort Tray engine', stdio: ['ignore', 'pipe', 'pipe'], env: { A: '1' } },
    ]);
  });

  it('relays commands and messages, and the output line by line', async () => {
    const handle = createUtilityProcessHost({ entry: 'e' }).spawn();
    const child = forked[0]!.child;
    expect(handle.pid).toBeNull();
    child.spawnAs(4242);
    expect(handle.pid).toBe(4242);
    handle.send({ type: 'pause' });
    expect(child.posted).toEqual([{ type: 'pause' }]);
    const messages: unknown[] = [];
    handle.onMessage((m) => messages.push(m));
    child.emit('message', { type: 'ready', pid: 4242, version: '1' });
    expect(messages).toEqual([{ type: 'ready', pid: 4242, version: '1' }]);
    const lines: string[] = [];
    handle.onOutput((stream, line) => lines.push(`${stream}:${line}`));
    child.stderr.write('Error: boom\n    at x');
    child.stderr.write('\n');
    child.stdout.end('hello\n');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(['stderr:Error: boom', 'stderr:    at x', 'stdout:hello']);
  });

  it('asks with SIGTERM through kill() and kills hard with process.kill(pid, SIGKILL)', async () => {
    const killProcess = vi.fn();
    const handle = createUtilityProcessHost({ entry: 'e', killProcess }).spawn();
    const child = forked[0]!.child;
    child.spawnAs(77);
    handle.kill('SIGTERM');
    expect(child.killed).toBe(1);
    expect(killProcess).not.toHaveBeenCalled();
    handle.kill('SIGKILL');
    expect(killProcess).toHaveBeenCalledWith(77, 'SIGKILL');
    const exited = exitOf(handle);
    child.emit('exit', 9);
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('reports a crash once, with the code and the FatalError location', async () => {
    const handle = createUtilityProcessHost({ entry: 'e' }).spawn();
    const child = forked[0]!.child;
    child.spawnAs(5);
    const exits: WorkerExit[] = [];
    handle.onExit((e) => exits.push(e));
    child.emit('error', 'FatalError', 'v8::Foo', '{}');
    child.emit('exit', 70);
    child.emit('exit', 70);
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([{ code: 70, signal: null, message: 'FatalError at v8::Foo' }]);
    handle.send({ type: 'stop' });
    expect(child.posted).toEqual([]);
  });

  it('turns a fork that throws (e.g. before app ready) or dies before spawning into a spawn error', async () => {
    forkThrows = new Error('utilityProcess cannot be forked before app ready');
    const first = createUtilityProcessHost({ entry: 'e' }).spawn();
    expect(await exitOf(first)).toEqual({
      code: null,
      signal: null,
      spawnError: 'utilityProcess cannot be forked before app ready',
    });
    forkThrows = null;
    const second = createUtilityProcessHost({ entry: 'e' }).spawn();
    const exited = exitOf(second);
    forked[0]!.child.emit('exit', 1);
    expect(await exited).toMatchObject({ spawnError: 'the process ended before it started (code 1)' });
  });
});
