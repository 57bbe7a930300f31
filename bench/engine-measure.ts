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
//     (download), on one stream and on 8 parallel streams (each its own tunnel connection);
//   - the tail: 1-byte round trips, many more of them, for p50/p99/p99.9 against the direct path;
//   - GC pauses in the engine process (perf_hooks 'gc' entries, engine-runner's opt-in probe) during
//     the 1-byte round trips and during the throughput runs;
//   - many tunnels: 100 tunnels to the echo, short connections round-robin over them (connect, one
//     1-byte round trip, close), setup p50/p99 against direct connections to the echo, and the engine's
//     CPU per connection: 1,000 connections per tunnel (the issue's figure, about 2.5 min on this 2-core
//     machine under load), each path; RPORT_BENCH_CONNECTIONS_PER_TUNNEL scales it down;
//   - the SSH cipher, MAC and key exchange the engine's ssh2 client negotiated with the test rportd
//     (which offers rportd's x/crypto list, docs/protocol.md §2.4).
// RPORT_BENCH_ENGINE_SKIP_IDLE=1 skips the 40 s idle part (for quick before/after comparisons).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../main/config/defaults';
import { ENGINE_WORKER_EXEC_ARGV } from '../main/watchdog/engine-worker-v8-flags';
import { startTestRportd } from '../test/support/rportd';
import {
  cpuMicros,
  cpuPercent,
  download,
  listen,
  median,
  percentile,
  overlapWithPauses,
  pinToOneCpu,
  shortConnections,
  privateResidentBytes,
  roundTripper,
  startBareNode,
  startEchoProcess,
  startSink,
  startSource,
  upload,
  uploadParallel,
  downloadParallel,
  type UsageSample,
} from './engine-probes';
import { startGcRecorder, type GcPause, type Negotiated } from '../test/support/engine/engine-probe';

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
const RTT_1B_BLOCKS = 10;
const RTT_1B_BLOCK = 3_000;
const STREAMS = 8;
const SETUP_TUNNELS = 100;
const SETUP_PER_TUNNEL_DEFAULT = 1_000;
const SETUP_PER_TUNNEL = Number(process.env.RPORT_BENCH_CONNECTIONS_PER_TUNNEL) || SETUP_PER_TUNNEL_DEFAULT;
const SETUP_BLOCKS = 5;
const SETUP_WARMUP = 500;
const SKIP_IDLE = process.env.RPORT_BENCH_ENGINE_SKIP_IDLE === '1';
const runnerPath = process.env.RPORT_ENGINE_RUNNER_CJS ?? '';

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const progress = (text: string): void => void process.stderr.write(`bench engine: ${text}\n`);

interface RttResult {
  direct: number[];
  tunnel: number[];
  /** When each tunnel round trip started, ms since the epoch. */
  tunnelStarts: number[];
}

async function roundTrips(
  directPort: number,
  tunnelPort: number,
  bytes = MESSAGE_BYTES,
  blocks = RTT_BLOCKS,
  block = RTT_BLOCK,
  afterWarmup?: () => void,
): Promise<RttResult> {
  const direct = await roundTripper(directPort, bytes);
  const tunnel = await roundTripper(tunnelPort, bytes);
  await direct.run(RTT_WARMUP, null);
  await tunnel.run(RTT_WARMUP, null);
  afterWarmup?.();
  const result: RttResult = { direct: [], tunnel: [], tunnelStarts: [] };
  for (let b = 0; b < blocks; b++) {
    await direct.run(block, result.direct);
    await tunnel.run(block, result.tunnel, result.tunnelStarts);
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
    // The V8 flags the product's engine worker starts with, plus, for trying V8 options on the engine
    // process (e.g. `--max-semi-space-size=1`), RPORT_TRAY_BENCH_WORKER_ARGV.
    execArgv: [
      ...ENGINE_WORKER_EXEC_ARGV,
      ...(process.env.RPORT_TRAY_BENCH_WORKER_ARGV ?? '').split(' ').filter(Boolean),
    ],
    env: { ...process.env, RPORT_ENGINE_RUNNER_CONFIG: JSON.stringify(config) },
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
  const gcStart = (): void => void child.send({ type: 'gc-start' });
  const gcStop = async (): Promise<GcPause[]> => {
    child.send({ type: 'gc-stop' });
    return ((await next('gc')) as unknown as { pauses: GcPause[] }).pauses;
  };
  const loadAtStart = os.loadavg()[0] ?? 0;
  await next('connected');
  const client = await rportd.waitForClient();
  child.send({ type: 'negotiated' });
  const negotiated = ((await next('negotiated')) as unknown as { value: Negotiated | null }).value;

  // ---- idle, before any traffic ----
  progress(`idle: ${(SETTLE_MS + IDLE_MS) / 1000} s (load average ${os.loadavg()[0]?.toFixed(2)})`);
  const bare = startBareNode();
  const [e0, b0] = await Promise.all([engineUsage(), bare.usage()]);
  if (!SKIP_IDLE) await sleep(SETTLE_MS);
  const [e1, b1] = await Promise.all([engineUsage(), bare.usage()]);
  if (!SKIP_IDLE) await sleep(IDLE_MS);
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

  // ---- the tail: 1-byte round trips, GC pauses in the engine meanwhile ----
  progress(`round trips: ${RTT_1B_BLOCKS * RTT_1B_BLOCK} of 1 B per path`);
  const rtt1Started = { at: 0 };
  let ownGc: ReturnType<typeof startGcRecorder> | null = null;
  const rtt1 = await roundTrips(echoPort, echoTunnel.port, 1, RTT_1B_BLOCKS, RTT_1B_BLOCK, () => {
    gcStart();
    ownGc = startGcRecorder();
    rtt1Started.at = performance.now();
  });
  const gcRtt = await gcStop();
  // This process holds the test rportd (its SSH and WebSocket work for the tunnel) and the user side.
  const gcServer = (ownGc as ReturnType<typeof startGcRecorder> | null)?.stop() ?? [];
  const rtt1Ms = performance.now() - rtt1Started.at;

  // ---- many tunnels, short connections ----
  const setupTotal = SETUP_TUNNELS * SETUP_PER_TUNNEL;
  progress(`connection setup: ${setupTotal} short connections over ${SETUP_TUNNELS} tunnels, as many direct`);
  const setupTunnels = [];
  for (let i = 0; i < SETUP_TUNNELS; i++)
    setupTunnels.push(await client.openTunnel({ target: `127.0.0.1:${echoPort}` }));
  const setupPorts = setupTunnels.map((t) => t.port);
  await shortConnections([echoPort], SETUP_WARMUP, null);
  await shortConnections(setupPorts, SETUP_WARMUP, null);
  const setup = { direct: [] as number[], tunnel: [] as number[] };
  const [se0, sx0] = [await engineUsage(), await echo.usage()];
  for (let b = 0; b < SETUP_BLOCKS; b++) {
    await shortConnections([echoPort], setupTotal / SETUP_BLOCKS, setup.direct);
    await shortConnections(setupPorts, setupTotal / SETUP_BLOCKS, setup.tunnel);
  }
  const [se1, sx1] = [await engineUsage(), await echo.usage()];
  for (const t of setupTunnels) await t.close();
  const perConnection = { engine: cpuMicros(se0, se1) / setupTotal, echo: cpuMicros(sx0, sx1) / (2 * setupTotal) };

  // ---- throughput ----
  progress(
    `throughput: ${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_BYTES / 1024 / 1024} MiB each way, 1 and ${STREAMS} streams`,
  );
  const sinkTunnel = await client.openTunnel({ target: `127.0.0.1:${sinkPort}` });
  const sourceTunnel = await client.openTunnel({ target: `127.0.0.1:${sourcePort}` });
  await upload(sinkTunnel.port, sink, WARMUP_BYTES);
  await download(sourceTunnel.port, WARMUP_BYTES);
  const up = { direct: [] as number[], tunnel: [] as number[] };
  const down = { direct: [] as number[], tunnel: [] as number[] };
  const upN = { direct: [] as number[], tunnel: [] as number[] };
  const downN = { direct: [] as number[], tunnel: [] as number[] };
  const each = THROUGHPUT_BYTES / STREAMS;
  gcStart();
  const throughputStarted = performance.now();
  for (let r = 0; r < THROUGHPUT_ROUNDS; r++) {
    up.direct.push(await upload(sinkPort, sink, THROUGHPUT_BYTES));
    up.tunnel.push(await upload(sinkTunnel.port, sink, THROUGHPUT_BYTES));
    down.direct.push(await download(sourcePort, THROUGHPUT_BYTES));
    down.tunnel.push(await download(sourceTunnel.port, THROUGHPUT_BYTES));
    upN.direct.push(await uploadParallel(sinkPort, sink, STREAMS, each));
    upN.tunnel.push(await uploadParallel(sinkTunnel.port, sink, STREAMS, each));
    downN.direct.push(await downloadParallel(sourcePort, STREAMS, each));
    downN.tunnel.push(await downloadParallel(sourceTunnel.port, STREAMS, each));
  }
  const gcThroughput = await gcStop();
  const throughputMs = performance.now() - throughputStarted;
  const loadAtEnd = os.loadavg()[0] ?? 0;

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
  const rttFigure = (r: RttResult, q: number, target: string, bytes = MESSAGE_BYTES): Record<string, unknown> => ({
    value: round(percentile(r.tunnel, q), 1),
    unit: 'µs',
    baseline: round(percentile(r.direct, q), 1),
    ratio: round(percentile(r.tunnel, q) / percentile(r.direct, q)),
    target: `${target}; ${r.tunnel.length} round trips of ${bytes} B after ${RTT_WARMUP} warm-up; baseline: direct to the same echo process`,
  });
  const gcFigures = (
    name: string,
    pauses: GcPause[],
    ms: number,
    during: string,
  ): Record<string, Record<string, unknown>> => {
    const d = pauses.map((p) => p.duration);
    const total = d.reduce((a, b) => a + b, 0);
    const kinds = Object.entries(
      pauses.reduce<Record<string, number>>((k, p) => ({ ...k, [p.kind]: (k[p.kind] ?? 0) + 1 }), {}),
    )
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    const none = `report only: no same-run baseline (the direct path has no engine process to pause); compare with the round trip's p99; ${d.length} pauses during ${during}`;
    return {
      [`${name}_count`]: {
        value: d.length,
        unit: 'pauses',
        baseline: round(ms / 1000, 2),
        ratio: round(d.length / (ms / 1000), 1),
        target: `report only: baseline is the run's length in s, the ratio pauses per second (${kinds || 'none'}); during ${during}`,
      },
      [`${name}_pause_p50`]: { value: round(percentile(d, 0.5) * 1000, 1), unit: 'µs', target: none },
      [`${name}_pause_p99`]: { value: round(percentile(d, 0.99) * 1000, 1), unit: 'µs', target: none },
      [`${name}_pause_max`]: { value: round(d.length ? Math.max(...d) * 1000 : 0, 1), unit: 'µs', target: none },
      [`${name}_pause_total`]: {
        value: round(total, 2),
        unit: 'ms',
        baseline: round(ms, 1),
        ratio: round(total / ms, 4),
        target: `report only: baseline is the run's length in ms, the ratio the share of it the engine spent in GC; during ${during}`,
      },
    };
  };
  // Does GC in the engine explain the tail? The share of the slow tunnel round trips that overlapped an
  // engine GC pause, against the share of all of them that did (chance).
  const gcShare = (
    threshold: number,
    label: string,
    pauses = gcRtt,
    where = 'the engine process',
  ): Record<string, unknown> => {
    const o = overlapWithPauses(rtt1.tunnelStarts, rtt1.tunnel, threshold, pauses);
    const slowShare = o.slow ? (100 * o.slowOverlapping) / o.slow : 0;
    const allShare = o.all ? (100 * o.allOverlapping) / o.all : 0;
    return {
      value: round(slowShare, 1),
      unit: '%',
      baseline: round(allShare, 2),
      ratio: allShare > 0 ? round(slowShare / allShare, 1) : null,
      target: `report only: of the ${o.slow} tunnel 1-byte round trips above the ${label} (${round(threshold, 1)} µs), the share that overlapped a GC pause in ${where}; baseline: the share of all ${o.all}`,
    };
  };
  const setupNote = `${setupTotal} connections over ${SETUP_TUNNELS} tunnels (${SETUP_PER_TUNNEL} each${SETUP_PER_TUNNEL === SETUP_PER_TUNNEL_DEFAULT ? '' : `, scaled by RPORT_BENCH_CONNECTIONS_PER_TUNNEL from the issue's ${SETUP_PER_TUNNEL_DEFAULT}`}), one at a time, after ${SETUP_WARMUP} warm-up`;
  const setupFigure = (r: { direct: number[]; tunnel: number[] }, q: number): Record<string, unknown> => ({
    value: round(percentile(r.tunnel, q), 1),
    unit: 'µs',
    baseline: round(percentile(r.direct, q), 1),
    ratio: round(percentile(r.tunnel, q) / percentile(r.direct, q)),
    target: `report only: connect() to the first echoed byte of a fresh connection; baseline: direct connections to the same echo; ${setupNote}`,
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
    tunnel_rtt_1b_p50: rttFigure(rtt1, 0.5, 'no worse than before issue 18', 1),
    tunnel_rtt_1b_p99: rttFigure(rtt1, 0.99, 'issue 18: ratio ≤ (ratio before) / 1.5', 1),
    tunnel_rtt_1b_p99_9: rttFigure(rtt1, 0.999, 'issue 18: ratio ≤ (ratio before) / 1.5', 1),
    ...gcFigures('engine_gc_rtt', gcRtt, rtt1Ms, `the ${RTT_1B_BLOCKS * RTT_1B_BLOCK} 1-byte round trips per path`),
    tunnel_rtt_1b_slow_in_gc: gcShare(percentile(rtt1.tunnel, 0.99), 'p99'),
    tunnel_rtt_1b_slowest_in_gc: gcShare(percentile(rtt1.tunnel, 0.999), 'p99.9'),
    tunnel_rtt_1b_slow_in_server_gc: gcShare(
      percentile(rtt1.tunnel, 0.99),
      'p99',
      gcServer,
      'the bench process (test rportd and user side)',
    ),
    ...gcFigures(
      'engine_gc_throughput',
      gcThroughput,
      throughputMs,
      'the throughput rounds (1 and 8 streams, both ways)',
    ),
    tunnel_throughput_8_streams: throughputFigure(upN, `user → target, ${STREAMS} parallel streams`),
    tunnel_throughput_8_streams_download: throughputFigure(downN, `target → user, ${STREAMS} parallel streams`),
    tunnel_connect_p50: setupFigure(setup, 0.5),
    tunnel_connect_p99: setupFigure(setup, 0.99),
    engine_cpu_per_connection: {
      value: round(perConnection.engine, 1),
      unit: 'µs',
      baseline: round(perConnection.echo, 1),
      ratio: round(perConnection.engine / perConnection.echo),
      target: `report only: engine process CPU per short tunnel connection (channel open, target dial, 1 B each way, close); baseline: the echo process's per connection; ${setupNote}`,
    },
    ssh_cipher: {
      value: negotiated ? negotiated.cs.cipher : 'unknown',
      unit: 'algorithm',
      target: negotiated
        ? `report only (a name, no baseline): client → server ${negotiated.cs.cipher} + ${negotiated.cs.mac || 'implicit MAC'}, server → client ${negotiated.sc.cipher} + ${negotiated.sc.mac || 'implicit MAC'}, kex ${negotiated.kex}; ssh2 native crypto binding ${negotiated.nativeCrypto ? 'loaded' : 'NOT loaded (JS/OpenSSL fallback)'}; server offer: rportd's x/crypto list (docs/protocol.md §2.4)`
        : 'report only: the engine did not report its handshake',
    },
    bench_load_average: {
      value: round(loadAtEnd, 2),
      unit: 'runnable tasks (1-min load average)',
      baseline: os.cpus().length,
      ratio: round(loadAtEnd / os.cpus().length),
      target: `report only: how busy the machine was (at start ${loadAtStart.toFixed(2)}, at the end of the throughput runs ${loadAtEnd.toFixed(2)}); baseline: the number of CPUs`,
    },
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
    engine_rss_after_load: {
      value: round(afterLoad.rss / 1024 / 1024, 1),
      unit: 'MiB',
      baseline: round(e2.rss / 1024 / 1024, 1),
      ratio: round(afterLoad.rss / e2.rss),
      target: `report only: ${AFTER_LOAD_MS / 1000} s after the throughput rounds (baseline: the same process idle before any traffic)`,
    },
    ...(SKIP_IDLE ? {} : idleFigures()),
  };
  function idleFigures(): Record<string, Record<string, unknown>> {
    return {
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
  }
  process.stdout.write(`${JSON.stringify({ area: 'engine', figures })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
