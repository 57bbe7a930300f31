// Load on the real engine worker process (dist/engine-worker.cjs) through the test rportd: 1,000 tunnel
// streams opened, used and closed in batches, then 64 concurrent streams of 1–4 MiB each echoed back.
// Every byte is checked (SHA-256 of what went in against what came back), the engine reports every
// stream closed with its exact byte counts, and afterwards the engine process's file descriptors are
// back to their baseline and its heap and RSS near it (measured after a forced GC inside the worker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRportd, type TestClient, type TestRportd } from '../../support/rportd';
import { tempDir, testConfig } from '../../support/engine/engine-harness';
import { echoOnce, startEchoTarget, type EchoTarget } from '../../support/faults/checked-streams';
import { startEngineProcess, type EngineProcess, type ProcessMeasurement } from '../../support/faults/engine-process';
import { eventually } from '../../support/faults/wait';
import type { TunnelInfo } from '../../../main/shared/types/engine-types';

const MIB = 1024 * 1024;
/** Slack for descriptors that come and go on their own (a timer's, a DNS lookup's). */
const FD_SLACK = 4;

let server: TestRportd;
let target: EchoTarget;
let engine: EngineProcess;
let client: TestClient;
let tunnelPort: number;
let baseline: ProcessMeasurement;
let data: ReturnType<typeof tempDir>;

function closedTunnels(): TunnelInfo[] {
  return engine.events.flatMap((e) => (e.type === 'tunnel-closed' ? [e.tunnel] : []));
}

function describeGrowth(before: ProcessMeasurement, after: ProcessMeasurement): string {
  const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;
  return `heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, rss ${mib(before.rss)} → ${mib(after.rss)}, fds ${before.fds} → ${after.fds}`;
}

/** Measures until the descriptors are back to the baseline (closing sockets takes a moment). */
async function settled(): Promise<ProcessMeasurement> {
  return eventually(
    async () => {
      const m = await engine.measure();
      return m.fds <= baseline.fds + FD_SLACK ? m : null;
    },
    20_000,
    'the engine’s file descriptors back to the baseline',
    250,
  );
}

beforeAll(async () => {
  server = await startTestRportd({ clientLoginWaitMs: 0 });
  target = await startEchoTarget();
  data = tempDir('rport-load-');
  engine = await startEngineProcess({
    config: testConfig({
      server: server.url,
      dataDir: data.dir,
      tweak: (c) => {
        c.connection.keep_alive = 1_000 * 1e6;
        c.connection.keep_alive_timeout = 10_000 * 1e6;
      },
    }),
  });
  client = await server.waitForClient(() => true, 20_000);
  await engine.waitConnected(20_000);
  tunnelPort = (await client.openTunnel({ target: `127.0.0.1:${target.port}` })).port;
  // Warm up (first-use allocations, JIT), then take the baseline.
  for (let i = 0; i < 20; i++) await echoOnce(tunnelPort, 64 * 1024, i);
  await eventually(() => closedTunnels().length >= 20, 10_000, 'warm-up streams closed');
  baseline = await engine.measure();
});

afterAll(async () => {
  await engine?.stop();
  await server?.stop();
  await target?.close();
  data?.remove();
});

describe('load: tunnel streams through the engine process', () => {
  it('1,000 streams opened, used and closed (batches of 50): every byte right, fds and memory back', async () => {
    const before = closedTunnels().length;
    const size = 16 * 1024;
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => echoOnce(tunnelPort, size, batch * 50 + i + 1000, 30_000)),
      );
      for (const r of results) {
        expect(r.received).toBe(size);
        expect(r.receivedSha256).toBe(r.sentSha256);
      }
    }
    const closed = await eventually(
      () => (closedTunnels().length - before >= 1_000 ? closedTunnels().slice(before) : null),
      20_000,
      'the engine to report 1,000 streams closed',
    );
    expect(closed).toHaveLength(1_000);
    for (const t of closed) expect(t).toMatchObject({ bytesIn: size, bytesOut: size, protocol: 'tcp' });
    await eventually(() => target.open() === 0, 10_000, 'the target to see every stream closed');
    const after = await settled();
    expect(after.fds, describeGrowth(baseline, after)).toBeLessThanOrEqual(baseline.fds + FD_SLACK);
    expect(after.heapUsed - baseline.heapUsed, describeGrowth(baseline, after)).toBeLessThan(16 * MIB);
    expect(after.rss - baseline.rss, describeGrowth(baseline, after)).toBeLessThan(128 * MIB);
    expect(engine.alive).toBe(true);
  });

  it('64 concurrent streams of 1–4 MiB each: every byte right both ways, fds and memory back', async () => {
    const before = closedTunnels().length;
    const sizes = Array.from({ length: 64 }, (_, i) => (1 + (i % 4)) * MIB + i * 4099);
    const results = await Promise.all(sizes.map((size, i) => echoOnce(tunnelPort, size, 50_000 + i, 120_000)));
    results.forEach((r, i) => {
      expect(r.received, `stream ${i}`).toBe(sizes[i]);
      expect(r.receivedSha256, `stream ${i}`).toBe(r.sentSha256);
    });
    const closed = await eventually(
      () => (closedTunnels().length - before >= 64 ? closedTunnels().slice(before) : null),
      20_000,
      'the engine to report 64 streams closed',
    );
    // The engine's byte counts match what each stream carried, each way.
    expect(closed.map((t) => t.bytesIn).sort((a, b) => a - b)).toEqual([...sizes].sort((a, b) => a - b));
    expect(closed.map((t) => t.bytesOut).sort((a, b) => a - b)).toEqual([...sizes].sort((a, b) => a - b));
    const after = await settled();
    expect(after.fds, describeGrowth(baseline, after)).toBeLessThanOrEqual(baseline.fds + FD_SLACK);
    expect(after.heapUsed - baseline.heapUsed, describeGrowth(baseline, after)).toBeLessThan(24 * MIB);
    expect(after.rss - baseline.rss, describeGrowth(baseline, after)).toBeLessThan(256 * MIB);
    expect(client.isClosed).toBe(false);
    expect(server.violations).toEqual([]);
  });
});
