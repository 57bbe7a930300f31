// The supervisor with its real clock and timers over real child processes (child_process.fork with a
// small stand-in worker): the stop escalation with real signals, a real crash and a real kill recorded
// with their exit, the worker's stderr relayed. Exact timings are pinned with the fake clock in
// supervisor-restarts.test.ts; here only that the order and the signals are real (generous bounds).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createForkWorkerHost } from '../../../main/watchdog/fork-worker-host';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import type { Supervisor, SupervisorEvent } from '../../../main/watchdog/supervisor-types';
import { POLICY, TIMING, config } from './supervisor-harness';

// MODE=obedient exits on `stop`; MODE=deaf ignores it (only SIGKILL ends it); MODE=crash exits with 70
// after `start`. Every mode says `ready`, writes a line to stderr and reports `connected` on `start`.
const WORKER = `
const mode = process.env.MODE;
process.send({ type: 'ready', pid: process.pid, version: 'stand-in' });
process.stderr.write('stand-in worker ' + mode + ' up\\n');
const status = { state: 'connected', message: '', server: null, servers: [], connectedSince: null, lastPingMs: null,
  retryInMs: null, attempt: 0, switchbackAt: null, lastError: null, remoteCommandsBlocked: false };
process.on('message', (command) => {
  if (command.type === 'start') {
    process.send({ type: 'event', event: { type: 'progress', kind: 'connected', status, at: Date.now() } });
    if (mode === 'crash') setTimeout(() => process.exit(70), 20);
  }
  if (command.type === 'stop' && mode !== 'deaf') process.exit(0);
});
setInterval(() => {}, 1000);
`;

let dir = '';
let entry = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-supervisor-real-'));
  entry = path.join(dir, 'worker.cjs');
  writeFileSync(entry, WORKER);
  return () => rmSync(dir, { recursive: true, force: true });
});

let supervisor: Supervisor | null = null;
afterEach(() => {
  supervisor?.dispose();
  supervisor = null;
});

function start(mode: 'obedient' | 'deaf' | 'crash') {
  const host = createForkWorkerHost({ entry, env: { ...process.env, MODE: mode }, execArgv: [] });
  // Real clock and timers (the defaults); deadlines long enough never to fire in these tests.
  const s = createSupervisor({
    host,
    engineTiming: TIMING,
    policy: { ...POLICY, stopGraceMs: 300, startupTimeoutMs: 60_000, slackMs: 60_000 },
  });
  supervisor = s;
  const events: SupervisorEvent[] = [];
  s.on((e) => events.push(e));
  s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
  const logs = () => events.flatMap((e) => (e.type === 'log' ? [e.line] : []));
  const restarts = () => events.flatMap((e) => (e.type === 'restart' ? [e.record] : []));
  return { s, events, logs, restarts };
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('supervisor with real worker processes', () => {
  it('a worker that obeys the stop exits by itself: no signal, no warning', async () => {
    const run = start('obedient');
    await until('running', () => run.s.status().phase === 'running');
    const pid = run.s.status().workerPid ?? 0;
    expect(pid).toBeGreaterThan(0);
    expect(run.logs()).toContainEqual(
      expect.objectContaining({ level: 'warn', source: 'worker', message: 'stand-in worker obedient up' }),
    );
    await run.s.stop();
    expect(isRunning(pid)).toBe(false);
    expect(run.s.status()).toMatchObject({ phase: 'stopped', workerPid: null });
    expect(run.logs().filter((l) => l.source === 'watchdog' && l.level !== 'info')).toEqual([]);
  }, 30_000);

  it('a worker that ignores the stop is SIGKILLed after the grace, not before', async () => {
    const run = start('deaf');
    await until('running', () => run.s.status().phase === 'running');
    const pid = run.s.status().workerPid ?? 0;
    const asked = Date.now();
    await run.s.stop();
    expect(Date.now() - asked).toBeGreaterThanOrEqual(300 - 5); // timers may fire a few ms early
    expect(isRunning(pid)).toBe(false);
    expect(run.logs().filter((l) => l.level === 'warn' && l.source === 'watchdog')).toEqual([
      expect.objectContaining({ message: `engine worker ${pid} did not stop within 300 ms: SIGKILL` }),
    ]);
    expect(run.logs().some((l) => l.message.includes('abandoning'))).toBe(false);
    expect(run.s.status()).toMatchObject({ phase: 'stopped', workerPid: null });
  }, 30_000);

  it('a real crash is recorded with its exit code and a new process is started', async () => {
    const run = start('crash');
    await until('a restart', () => run.restarts().length > 0);
    expect(run.restarts()[0]).toMatchObject({
      reason: { kind: 'exit', code: 70, signal: null },
      text: 'worker exited with code 70',
      count: 1,
    });
    const first = run.events.flatMap((e) => (e.type === 'supervisor' ? [e.status.workerPid] : []))[0];
    await until('the next worker', () => run.s.status().workerPid !== null && run.s.status().workerPid !== first);
  }, 30_000);

  it('a worker killed from outside is recorded with the signal', async () => {
    const run = start('obedient');
    await until('running', () => run.s.status().phase === 'running');
    process.kill(run.s.status().workerPid ?? 0, 'SIGKILL');
    await until('a restart', () => run.restarts().length > 0);
    expect(run.restarts()[0]).toMatchObject({
      reason: { kind: 'exit', code: null, signal: 'SIGKILL' },
      text: 'worker was killed by signal SIGKILL',
    });
    await until('the next worker running', () => run.s.status().phase === 'running');
    await run.s.stop();
  }, 30_000);
});
