// The engine bench measurement (run by bench/engine.bench.ts after bundling to CommonJS): the idle CPU
// and RSS of a connected engine process, round-trip latency and throughput (both directions) through
// the engine against a direct loopback connection.
//
// Setup: the test rportd, the tunnel's user side and the targets run in this process; the engine runs
// in its own process (test/support/engine/engine-runner.ts, bundled), as it does in the product. So
// the tunnel figures include the rportd side's SSH work too, on the same cores.
//
// Method, so that one run is comparable with the next:
//   - idle first, before any traffic: CPU from 10 s to 40 s after connect (the first seconds hold
//     start-up work and V8's one-off memory-reducing GC about 8 s after start, reported separately as
//     engine_settle_cpu), each against a bare Node process over the same window;
//   - round trips of one pinned message size on one connection per path to an echo server in its own
//     process (direct: this process → echo, 2 process hops; tunnel: → rportd → engine → echo and back,
//     4 hops), after a warm-up long enough for the JIT, in interleaved blocks (direct, tunnel, direct, …)
//     so that load changing during the run hits both alike; p50/p99 over all samples;
//   - the same round trips with every bench process on one CPU (Linux): without cross-CPU wake-ups,
//     which on an idle VM cost tens of µs per process hop and dominate the unpinned figure;
//   - throughput as the median of interleaved rounds, user → target (upload) and target → user
//     (download).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../main/config/defaults';
import { startTestRportd } from '../test/support/rportd';
import {
  cpuMicros,
  cpuPercent,
  download,
  listen,
  median,
  percentile,
  pinToOneCpu,
  privateResidentBytes,
  roundTripper,
  startBareNode,
  startEchoProcess,
  startSink,
  startSource,
  upload,
  type UsageSample,
} from './engine-probes';

const SETTLE_MS = 10_000;
const IDLE_MS = 30_000;
const MESSAGE_BYTES = 64;
const RTT_WARMUP = 3_000;
const RTT_BLOCKS = 5;
const RTT_BLOCK = 2_000;
const THROUGHPUT_ROUNDS = 3;
const AFTER_LOAD_MS = 30_000;
const THROUGHPUT_BYTES = 128 * 1024 * 1024;
const WARMUP_BYTES = 16 * 1024 * 1024;
const runnerPath = process.env.RPORT_ENGINE_RUNNER_CJS ?? '';

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const progress = (text: string): void => void process.stderr.write(`bench engine: ${text}\n`);

interface RttResult {
  direct: number[];
  tunnel: number[];
}

async function roundTrips(directPort: number, tunnelPort: number): Promise<RttResult> {
  const direct = await roundTripper(directPort, MESSAGE_BYTES);
  const tunnel = await roundTripper(tunnelPort, MESSAGE_BYTES);
  await direct.run(RTT_WARMUP, null);
  await tunnel.run(RTT_WARMUP, null);
  const result: RttResult = { direct: [], tunnel: [] };
  for (let b = 0; b < RTT_BLOCKS; b++) {
    await direct.run(RTT_BLOCK, result.direct);
    await tunnel.run(RTT_BLOCK, result.tunnel);
  }
  direct.close();
  tunnel.close();
  return result;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-engine-bench-'));
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const sink = startSink();
  const sinkPort = await listen(sink.server);
  const source = startSource();
  const sourcePort = await listen(source);
  const echo = await startEchoProcess();
  const echoPort = echo.port;

  const config = defaultConfig(dataDir);
  config.client.server = rportd.url;
  config.client.auth = 'client1:secret1';
  config.client.id = `bench-${randomUUID()}`;
  config.client.use_system_id = false;
  config.client.updates_interval = 0;
  config.monitoring.enabled = false;
  const child = fork(runnerPath, [], {
    env: { ...process.env, RPORT_ENGINE_RUNNER_CONFIG: JSON.stringify(config) },
    // For trying V8 options on the engine process (e.g. `--max-semi-space-size=1`): RPORT_TRAY_BENCH_WORKER_ARGV.
    execArgv: (process.env.RPORT_TRAY_BENCH_WORKER_ARGV ?? '').split(' ').filter(Boolean),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<{ type: string } & Partial<UsageSample>> = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m: { type: string }) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (type: string): Promise<(typeof messages)[number]> => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type);
      if (i >= 0) return messages.splice(i, 1)[0] as (typeof messages)[number];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const engineUsage = async (): Promise<UsageSample> => {
    child.send({ type: 'usage' });
    return (await next('usage')) as UsageSample;
  };
  await next('connected');
  const client = await rportd.waitForClient();

  // ---- idle, before any traffic ----
  progress(`idle: ${(SETTLE_MS + IDLE_MS) / 1000} s (load average ${os.loadavg()[0]?.toFixed(2)})`);
  const bare = startBareNode();
  const [e0, b0] = await Promise.all([engineUsage(), bare.usage()]);
  await sleep(SETTLE_MS);
  const [e1, b1] = await Promise.all([engineUsage(), bare.usage()]);
  await sleep(IDLE_MS);
  const [e2, b2] = await Promise.all([engineUsage(), bare.usage()]);
  const enginePrivate = child.pid ? privateResidentBytes(child.pid) : null;
  const barePrivate = privateResidentBytes(bare.pid);
  bare.stop();

  // ---- round trips ----
  const echoTunnel = await client.openTunnel({ target: `127.0.0.1:${echoPort}` });
  progress(`round trips: ${RTT_BLOCKS * RTT_BLOCK} of ${MESSAGE_BYTES} B per path`);
  const rtt = await roundTrips(echoPort, echoTunnel.port);
  const unpin = child.pid ? pinToOneCpu([process.pid, child.pid, echo.pid], os.cpus().length) : null;
  let rttOneCpu: RttResult | null = null;
  // CPU per round trip: the engine's (tunnel round trips only) against the echo process's (both paths).
  let perRoundTrip: { engine: number; echo: number } | null = null;
  if (unpin) {
    progress('round trips on one CPU');
    try {
      const [e0, x0] = [await engineUsage(), await echo.usage()];
      rttOneCpu = await roundTrips(echoPort, echoTunnel.port);
      const [e1, x1] = [await engineUsage(), await echo.usage()];
      const perPath = RTT_WARMUP + RTT_BLOCKS * RTT_BLOCK;
      perRoundTrip = { engine: cpuMicros(e0, e1) / perPath, echo: cpuMicros(x0, x1) / (2 * perPath) };
    } finally {
      unpin();
    }
  }

  // ---- throughput ----
  progress(`throughput: ${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_BYTES / 1024 / 1024} MiB each way`);
  const sinkTunnel = await client.openTunnel({ target: `127.0.0.1:${sinkPort}` });
  const sourceTunnel = await client.openTunnel({ target: `127.0.0.1:${sourcePort}` });
  await upload(sinkTunnel.port, sink, WARMUP_BYTES);
  await download(sourceTunnel.port, WARMUP_BYTES);
  const up = { direct: [] as number[], tunnel: [] as number[] };
  const down = { direct: [] as number[], tunnel: [] as number[] };
  for (let r = 0; r < THROUGHPUT_ROUNDS; r++) {
    up.direct.push(await upload(sinkPort, sink, THROUGHPUT_BYTES));
    up.tunnel.push(await upload(sinkTunnel.port, sink, THROUGHPUT_BYTES));
    down.direct.push(await download(sourcePort, THROUGHPUT_BYTES));
    down.tunnel.push(await download(sourceTunnel.port, THROUGHPUT_BYTES));
  }

  // What the load leaves behind: resident memory a while after the last transfer (V8 keeps a young
  // generation grown by the transfers until it shrinks it again).
  await sleep(AFTER_LOAD_MS);
  const afterLoad = await engineUsage();

  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  for (const t of [echoTunnel, sinkTunnel, sourceTunnel]) await t.close();
  await rportd.stop();
  for (const s of [sink.server, source] as net.Server[]) s.close();
  echo.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const throughputFigure = (m: { direct: number[]; tunnel: number[] }, what: string): Record<string, unknown> => ({
    value: round(median(m.tunnel), 1),
    unit: 'MB/s',
    baseline: round(median(m.direct), 1),
    ratio: round(median(m.tunnel) / median(m.direct)),
    target: `≥ 0.10 of direct loopback (Go client ≈ 0.10); ${what}; median of ${THROUGHPUT_ROUNDS} × ${THROUGHPUT_BYTES / 1024 / 1024} MiB`,
  });
  const rttFigure = (r: RttResult, q: number, target: string): Record<string, unknown> => ({
    value: round(percentile(r.tunnel, q), 1),
    unit: 'µs',
    baseline: round(percentile(r.direct, q), 1),
    ratio: round(percentile(r.tunnel, q) / percentile(r.direct, q)),
    target: `${target}; ${r.tunnel.length} round trips of ${MESSAGE_BYTES} B after ${RTT_WARMUP} warm-up; baseline: direct to the same echo process`,
  });
  const idleCpu = cpuPercent(e1, e2);
  const bareCpu = cpuPercent(b1, b2);
  const settleCpu = cpuPercent(e0, e1);
  const bareSettleCpu = cpuPercent(b0, b1);
  const figures: Record<string, Record<string, unknown>> = {
    tunnel_throughput: throughputFigure(up, 'user → target'),
    tunnel_throughput_download: throughputFigure(down, 'target → user'),
    tunnel_rtt_p50: rttFigure(rtt, 0.5, '≤ 180 µs (Go client ≈ 180 µs on loopback)'),
    tunnel_rtt_p99: rttFigure(rtt, 0.99, 'report only'),
    ...(rttOneCpu
      ? {
          tunnel_rtt_p50_one_cpu: rttFigure(rttOneCpu, 0.5, 'report only: every bench process on one CPU'),
          tunnel_rtt_p99_one_cpu: rttFigure(rttOneCpu, 0.99, 'report only: every bench process on one CPU'),
        }
      : {}),
    ...(perRoundTrip
      ? {
          engine_cpu_per_round_trip: {
            value: round(perRoundTrip.engine, 1),
            unit: 'µs',
            baseline: round(perRoundTrip.echo, 1),
            ratio: round(perRoundTrip.engine / perRoundTrip.echo),
            target: `report only: engine process CPU per ${MESSAGE_BYTES} B round trip, one CPU (both SSH directions, WebSocket, target socket); baseline: the echo process's`,
          },
        }
      : {}),
    engine_idle_rss: {
      value: round(e2.rss / 1024 / 1024, 1),
      unit: 'MiB',
      baseline: round(b2.rss / 1024 / 1024, 1),
      ratio: round(e2.rss / b2.rss),
      target: 'report only (one connected engine process, no tunnels; baseline: a bare idle Node process)',
    },
    ...(enginePrivate !== null && barePrivate !== null
      ? {
          engine_idle_private_memory: {
            value: round(enginePrivate / 1024 / 1024, 1),
            unit: 'MiB',
            baseline: round(barePrivate / 1024 / 1024, 1),
            ratio: round(enginePrivate / barePrivate),
            target:
              'report only (RssAnon: the RSS not shared with other Node processes; same process and moment as engine_idle_rss)',
          },
        }
      : {}),
    engine_rss_after_load: {
      value: round(afterLoad.rss / 1024 / 1024, 1),
      unit: 'MiB',
      baseline: round(e2.rss / 1024 / 1024, 1),
      ratio: round(afterLoad.rss / e2.rss),
      target: `report only: ${AFTER_LOAD_MS / 1000} s after the throughput rounds (baseline: the same process idle before any traffic)`,
    },
    engine_idle_cpu: {
      value: round(idleCpu, 3),
      unit: '% of one core',
      baseline: round(bareCpu, 3),
      ratio: bareCpu > 0 ? round(idleCpu / bareCpu) : null,
      target: `report only (${SETTLE_MS / 1000}–${(SETTLE_MS + IDLE_MS) / 1000} s after connect, default keep_alive; baseline: a bare idle Node process)`,
    },
    engine_settle_cpu: {
      value: round(settleCpu, 3),
      unit: '% of one core',
      baseline: round(bareSettleCpu, 3),
      ratio: bareSettleCpu > 0 ? round(settleCpu / bareSettleCpu) : null,
      target: `report only (first ${SETTLE_MS / 1000} s after connect: start-up work and V8's one-off memory-reducing GC)`,
    },
  };
  process.stdout.write(`${JSON.stringify({ area: 'engine', figures })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
