// A healthy engine retrying against a dead server must never be restarted: its retries and dials are
// progress, the deadline while reconnecting covers the announced wait plus a dial to every server, and
// its heartbeat keeps the liveness check content for the whole 2 minutes. The fallback here swallows
// connections without answering, so every round also waits out a dial timeout.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, TEST_POLICY, type Harness } from './watchdog-harness';

let harness: Harness | null = null;
let blackHole: Server | null = null;
const held = new Set<Socket>();
let swallowed = 0;
afterEach(async () => {
  for (const s of held) s.destroy();
  held.clear();
  await new Promise<void>((r) => (blackHole ? blackHole.close(() => r()) : r()));
  blackHole = null;
  await harness?.close();
  harness = null;
});

async function startBlackHole(): Promise<number> {
  blackHole = createServer((socket) => {
    swallowed++;
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((r) => blackHole?.listen(0, '127.0.0.1', () => r()));
  const address = blackHole.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

describe('watchdog: patient retrying is not a hang', () => {
  it('is not restarted through 2 minutes of back-off rounds against a dead server, and reconnects when it returns', async () => {
    const holePort = await startBlackHole();
    harness = await startHarness({
      // A small slack: the silences here (a 2 s dial into the black hole) are then covered only by the
      // dial terms of the reconnecting deadline, not by slack.
      policy: { ...TEST_POLICY, slackMs: 500 },
      config: (rportd) => ({
        server: rportd.url,
        fallbacks: [`ws://127.0.0.1:${holePort}`],
        fingerprint: rportd.fingerprint,
      }),
    });
    const h = harness;
    const connected = await h.waitConnected();
    await h.rportd.stop();
    const retries = () =>
      h.events.filter((e) => e.type === 'engine' && e.event.type === 'progress' && e.event.kind === 'retry').length;
    const deadAt = Date.now();
    await h.waitForStatus(() => retries() >= 4, 60_000, 'four back-off rounds');
    await h.waitForStatus(() => Date.now() - deadAt >= 120_000, 130_000, '2 minutes of retrying');
    expect(retries()).toBeGreaterThanOrEqual(10);
    expect(h.restarts()).toEqual([]);
    expect(h.supervisor.status().workerPid).toBe(connected.workerPid);
    expect(h.supervisor.status().engine?.state).toBe('reconnecting');
    expect(swallowed).toBeGreaterThanOrEqual(3); // the fallback was dialled in each round and never answered
    await h.rportd.restart();
    const back = await h.waitConnected(30_000);
    expect(back.workerPid).toBe(connected.workerPid);
    expect(h.restarts()).toEqual([]);
  }, 240_000);
});
