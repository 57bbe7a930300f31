// A hung engine worker, three ways, with real processes and signals: its event loop blocked by a busy
// loop, the engine stalled logically (no dials, no pings, the process otherwise fine), and the process
// stopped with SIGSTOP. Each must be detected as stale and replaced within its deadline + 2 s, and the
// new worker must connect again as the same session.
import { afterEach, describe, expect, it } from 'vitest';
import { alive, startHarness, type Harness } from './watchdog-harness';

let harness: Harness | null = null;
const stoppedPids: number[] = [];
afterEach(async () => {
  for (const pid of stoppedPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  await harness?.close();
  harness = null;
});

const MARGIN_MS = 2_000;

async function hangAndRecover(h: Harness, hang: (pid: number) => void) {
  const before = await h.waitConnected();
  const oldPid = before.workerPid as number;
  const sessionId = h.rportd.clients[0]?.sessionId;
  const hungAt = Date.now();
  hang(oldPid);
  const replaced = await h.waitForStatus((s) => s.workerPid !== null && s.workerPid !== oldPid, 20_000, 'a new worker');
  const replacedAfterMs = Date.now() - hungAt;
  const [record] = h.restarts();
  expect(record?.reason.kind).toBe('stale');
  if (record?.reason.kind !== 'stale') throw new Error('unreachable');
  expect(record.reason.state).toBe('connected');
  expect(record.reason.silentForMs).toBeGreaterThanOrEqual(record.reason.deadlineMs);
  expect(record.text).toMatch(/^no progress for [\d.]+ s while connected \(deadline [\d.]+ s\)$/);
  expect(replacedAfterMs).toBeLessThanOrEqual(record.reason.deadlineMs + MARGIN_MS);
  expect(alive(oldPid)).toBe(false);
  const after = await h.waitConnected();
  expect(after.workerPid).toBe(replaced.workerPid);
  expect(after.restarts).toHaveLength(1);
  expect(h.rportd.clients).toHaveLength(1);
  expect(h.rportd.clients[0]?.sessionId).toBe(sessionId);
  expect(h.rportd.violations).toEqual([]);
  return record;
}

describe('watchdog: hung workers are replaced', () => {
  it('a worker whose event loop is blocked is SIGKILLed and replaced', async () => {
    harness = await startHarness();
    const h = harness;
    await hangAndRecover(h, () => h.supervisor.injectTestFault('block-loop'));
    const logs = h.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
    expect(logs.some((m) => /did not stop within 500 ms: SIGKILL/.test(m))).toBe(true);
  });

  it('a logically stalled engine (no dials, no pings) is replaced', async () => {
    harness = await startHarness();
    const h = harness;
    await hangAndRecover(h, () => h.supervisor.injectTestFault('stall'));
  });

  it('a worker stopped with SIGSTOP is SIGKILLed and replaced', async () => {
    harness = await startHarness();
    const h = harness;
    await hangAndRecover(h, (pid) => {
      stoppedPids.push(pid);
      process.kill(pid, 'SIGSTOP');
    });
  });
});
