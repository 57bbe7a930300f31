// The engine bench measurement (run by bench/engine.bench.ts after bundling to CommonJS): tunnel
// throughput and round-trip latency through an engine process against a direct loopback connection,
// and the idle RSS and CPU of that engine process.
//
// Setup: the test rportd, the tunnel's user side and the target run in this process; the engine runs
// in its own process (test/support/engine/engine-runner.ts, bundled), as it does in the product. So
// the tunnel figures include the rportd side's SSH work too, on the same 2 cores.
import { fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../main/config/defaults';
import { startTestRportd } from '../test/support/rportd';

const TRANSFER_BYTES = 256 * 1024 * 1024;
const WARMUP_BYTES = 16 * 1024 * 1024;
const RTT_WARMUP = 300;
const RTT_SAMPLES = 3000;
const IDLE_MS = 10_000;
const runnerPath = process.env.RPORT_ENGINE_RUNNER_CJS ?? '';

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Counts bytes per connection and resolves waiters when a total arrives. */
function startSink(): { server: net.Server; expect(bytes: number): Promise<void> } {
  let pending: { bytes: number; got: number; resolve: () => void } | null = null;
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.on('data', (d: Buffer) => {
      if (!pending) return;
      pending.got += d.length;
      if (pending.got >= pending.bytes) {
        const p = pending;
        pending = null;
        p.resolve();
      }
    });
    s.on('error', () => s.destroy());
  });
  return {
    server,
    expect: (bytes) => new Promise((resolve) => (pending = { bytes, got: 0, resolve })),
  };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

async function throughput(port: number, sink: ReturnType<typeof startSink>, bytes: number): Promise<number> {
  const socket = await connect(port);
  const chunk = randomBytes(256 * 1024);
  const done = sink.expect(bytes);
  const started = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return bytes / seconds / 1e6; // MB/s
}

async function roundTrips(port: number): Promise<{ p50: number; p99: number }> {
  const socket = await connect(port);
  const one = Buffer.from('x');
  const samples: number[] = [];
  for (let i = 0; i < RTT_WARMUP + RTT_SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(one);
    });
    if (i >= RTT_WARMUP) samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  socket.destroy();
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

interface IdleUsage {
  cpu: NodeJS.CpuUsage;
  rss: number;
  at: number;
}

/** A bare Node process that only answers usage requests: the idle baseline. */
function startBareNode(): { usage(): Promise<IdleUsage>; stop(): void } {
  const script =
    "process.on('message', (m) => { if (m === 'usage') process.send({ cpu: process.cpuUsage(), " +
    'rss: process.memoryUsage().rss, at: performance.now() }); else process.exit(0); });';
  const bare = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    usage: () =>
      new Promise((resolve) => {
        bare.once('message', (m) => resolve(m as IdleUsage));
        bare.send('usage');
      }),
    stop: () => bare.send('stop'),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-engine-bench-'));
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const sink = startSink();
  const sinkPort = await listen(sink.server);
  const echo = net.createServer((s) => {
    s.setNoDelay(true);
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  const echoPort = await listen(echo);

  // Direct loopback baselines.
  await throughput(sinkPort, sink, WARMUP_BYTES);
  const directMBps = await throughput(sinkPort, sink, TRANSFER_BYTES);
  const directRtt = await roundTrips(echoPort);

  // The engine in its own process.
  const config = defaultConfig(dataDir);
  config.client.server = rportd.url;
  config.client.auth = 'client1:secret1';
  config.client.id = `bench-${randomUUID()}`;
  config.client.use_system_id = false;
  config.client.updates_interval = 0;
  config.monitoring.enabled = false;
  const child = fork(runnerPath, [], {
    env: { ...process.env, RPORT_ENGINE_RUNNER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<{ type: string; cpu?: NodeJS.CpuUsage; rss?: number; at?: number }> = [];
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
  await next('connected');
  const client = await rportd.waitForClient();

  // Idle first, while nothing has run through it yet; let start-up work (JIT, GC) settle.
  // The baseline is a bare Node process idling over the same window (what Node itself costs).
  const bare = startBareNode();
  await new Promise((r) => setTimeout(r, 3000));
  child.send({ type: 'usage' });
  const [u0, b0] = await Promise.all([next('usage'), bare.usage()]);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  child.send({ type: 'usage' });
  const [u1, b1] = await Promise.all([next('usage'), bare.usage()]);
  bare.stop();
  const cpuPercent = (a: IdleUsage, b: IdleUsage): number =>
    ((b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000 / (b.at - a.at)) * 100;
  const idleCpuPercent = cpuPercent(u0 as IdleUsage, u1 as IdleUsage);
  const idleRssMB = (u1.rss ?? 0) / 1024 / 1024;
  const bareCpuPercent = cpuPercent(b0, b1);
  const bareRssMB = b1.rss / 1024 / 1024;

  const sinkTunnel = await client.openTunnel({ target: `127.0.0.1:${sinkPort}` });
  const echoTunnel = await client.openTunnel({ target: `127.0.0.1:${echoPort}` });
  await throughput(sinkTunnel.port, sink, WARMUP_BYTES);
  const tunnelMBps = await throughput(sinkTunnel.port, sink, TRANSFER_BYTES);
  const tunnelRtt = await roundTrips(echoTunnel.port);

  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  await sinkTunnel.close();
  await echoTunnel.close();
  await rportd.stop();
  sink.server.close();
  echo.close();
  rmSync(dataDir, { recursive: true, force: true });

  const figures = {
    tunnel_throughput: {
      value: round(tunnelMBps, 1),
      unit: 'MB/s',
      baseline: round(directMBps, 1),
      ratio: round(tunnelMBps / directMBps),
      target: '≥ 0.10 of direct loopback (Go client ≈ 0.10)',
    },
    tunnel_rtt_p50: {
      value: round(tunnelRtt.p50, 1),
      unit: 'µs',
      baseline: round(directRtt.p50, 1),
      ratio: round(tunnelRtt.p50 / directRtt.p50),
      target: '≤ 180 µs (Go client ≈ 180 µs on loopback)',
    },
    tunnel_rtt_p99: {
      value: round(tunnelRtt.p99, 1),
      unit: 'µs',
      baseline: round(directRtt.p99, 1),
      ratio: round(tunnelRtt.p99 / directRtt.p99),
      target: 'report only',
    },
    engine_idle_rss: {
      value: round(idleRssMB, 1),
      unit: 'MiB',
      baseline: round(bareRssMB, 1),
      ratio: round(idleRssMB / bareRssMB),
      target: 'report only (one connected engine process, no tunnels; baseline: a bare idle Node process)',
    },
    engine_idle_cpu: {
      value: round(idleCpuPercent, 3),
      unit: '% of one core',
      baseline: round(bareCpuPercent, 3),
      ratio: bareCpuPercent > 0 ? round(idleCpuPercent / bareCpuPercent) : null,
      target: `report only (over ${IDLE_MS / 1000} s, default keep_alive; baseline: a bare idle Node process)`,
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
