// Recovery bench measurement (run through recovery.bench.ts): how long the client is away when its
// server goes away, with the PRODUCT timings (5 s first back-off, a connection must live 5 s to count as
// healthy, as in the Go client). The engine is the real worker bundle in its own process; the servers
// are test rportds on loopback. Each round, on one engine process:
//   cold connect      start → connected to the primary (the baseline of drop and failover)
//   drop              the primary drops every socket → connected again
//   restart           the primary is down for OUTAGE_MS, then listens again → connected again (baseline: the outage)
//   failover          the primary dies while the fallback is up → connected to the fallback
//   switchback        the primary comes back just after a failed probe → connected to it again
//                     (baseline: server_switchback_interval; the worst case, so the ratio is about 1)
// Figures are medians over the rounds; times are taken in this process when the engine's event arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfig } from '../test/support/engine/engine-harness';
import { startEngineProcess, type EngineProcess } from '../test/support/faults/engine-process';
import { freePort } from '../test/support/net';
import { TestRportd } from '../test/support/rportd';
import { median, runMeasure } from './measure-main';

const ROUNDS = 3;
const OUTAGE_MS = 1_000;
const SWITCHBACK_MS = 2_000;
/** The product's minimum healthy connection lifetime is 5 s: let each connection live past it. */
const SETTLE_MS = 5_500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Round {
  cold: number;
  drop: number;
  restart: number;
  outage: number;
  failover: number;
  switchback: number;
}

/** ms from `t0` until the engine reports connected to server `index` (events after `from` only). */
async function connectedAfter(engine: EngineProcess, index: number, from: number, t0: number): Promise<number> {
  const at = await engine.waitForIndex(
    (e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === index,
    60_000,
    from,
  );
  return (engine.receivedAt[at] ?? NaN) - t0;
}

async function round(): Promise<Round> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-recovery-bench-'));
  const primaryPort = await freePort();
  const fallbackPort = await freePort();
  const primary = new TestRportd({ clientLoginWaitMs: 0, keySeed: 'primary' });
  const fallback = new TestRportd({ clientLoginWaitMs: 0, keySeed: 'fallback' });
  await primary.listen(primaryPort);
  let engine: EngineProcess | null = null;
  try {
    engine = await startEngineProcess({
      timings: 'product',
      config: testConfig({
        server: `127.0.0.1:${primaryPort}`,
        dataDir,
        tweak: (c) => {
          c.client.fallback_servers = [`127.0.0.1:${fallbackPort}`];
          c.client.server_switchback_interval = SWITCHBACK_MS * 1e6;
          c.connection.keep_alive = 60_000 * 1e6;
          c.connection.keep_alive_timeout = 30_000 * 1e6;
          c.connection.max_retry_interval = 60_000 * 1e6;
        },
      }),
    });
    const e = engine;
    const cold = await connectedAfter(e, 0, 0, e.startedAt);

    await sleep(SETTLE_MS);
    let from = e.events.length;
    let t0 = performance.now();
    primary.dropAll();
    const drop = await connectedAfter(e, 0, from, t0);

    await sleep(SETTLE_MS);
    from = e.events.length;
    t0 = performance.now();
    await primary.stop();
    await sleep(OUTAGE_MS);
    await primary.listen(primaryPort);
    const outage = performance.now() - t0;
    const restart = await connectedAfter(e, 0, from, t0);

    await fallback.listen(fallbackPort);
    await sleep(SETTLE_MS);
    from = e.events.length;
    t0 = performance.now();
    await primary.stop();
    const failover = await connectedAfter(e, 1, from, t0);

    // Back on the primary's port with the same key right after a probe failed (the worst moment): the
    // next probe, one interval later, takes it.
    await sleep(SETTLE_MS);
    from = e.events.length;
    await e.waitForIndex((ev) => ev.type === 'log' && ev.line.message.startsWith('Switchback failed'), 30_000, from);
    await primary.listen(primaryPort);
    t0 = performance.now();
    const switchback = await connectedAfter(e, 0, from, t0);
    return { cold, drop, restart, outage, failover, switchback };
  } finally {
    await engine?.stop();
    await primary.stop();
    await fallback.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const r1 = (n: number): number => Math.round(n * 10) / 10;
const r3 = (n: number): number => Math.round(n * 1000) / 1000;

async function main(): Promise<void> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await round());
    process.stderr.write(
      `recovery round ${i + 1}: ${JSON.stringify(rounds[i], (_k, v: unknown) => (typeof v === 'number' ? r1(v) : v))}\n`,
    );
  }
  const m = (k: keyof Round): number => median(rounds.map((r) => r[k]));
  const cold = m('cold');
  const figures = {
    reconnect_after_drop: {
      value: r1(m('drop')),
      unit: 'ms',
      baseline: r1(cold),
      ratio: r3(m('drop') / cold),
      target: 'ratio ≤ ~1: a dropped healthy connection is redialled at once, no back-off',
    },
    reconnect_after_server_restart: {
      value: r1(m('restart')),
      unit: 'ms',
      baseline: r1(m('outage')),
      ratio: r3(m('restart') / m('outage')),
      target: `value ≤ outage + 5 s first back-off (as the Go client) + one connect; outage ${OUTAGE_MS} ms`,
    },
    failover_to_fallback: {
      value: r1(m('failover')),
      unit: 'ms',
      baseline: r1(cold),
      ratio: r3(m('failover') / cold),
      target: 'ratio ≤ ~1: the fallback is dialled in the same attempt as the dead primary, no back-off',
    },
    switchback_to_primary: {
      value: r1(m('switchback')),
      unit: 'ms',
      baseline: SWITCHBACK_MS,
      ratio: r3(m('switchback') / SWITCHBACK_MS),
      target: 'ratio ≈ 1 (worst case: returns just after a probe): back on the primary within one interval + a connect',
    },
  };
  process.stdout.write(`${JSON.stringify({ area: 'recovery', figures })}\n`);
}

runMeasure('recovery', main);
