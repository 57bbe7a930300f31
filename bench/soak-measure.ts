// The long run (run through soak.bench.ts): `rport-tray run` as a user starts it (the config's defaults,
// product timings) against the test rportd on loopback for RPORT_TRAY_SOAK_MINUTES (default 30), under a
// steady load: CONNECTIONS_PER_SECOND short tunnel connections (connect, 1 KiB echoed back, close), a
// remote command every COMMAND_EVERY_MS (run_cmd, its cmd_result), and the tunnel itself closed and
// opened anew every TUNNEL_EVERY_MS. Sampled every SAMPLE_EVERY_MS for both processes: resident memory
// and open file descriptors from /proc, V8 heap from a probe preloaded into them (soak-probe.cjs).
//
// After a warm-up (a third of the run, 1 to 10 min) each series is reduced to one value per minute
// (resident memory: the median; heap: in use right after the probe's full collection, once a minute;
// descriptors: the maximum) and its growth is the least-squares slope of those, per hour. A process is flat when its
// resident memory grows by at most FLAT_RSS_MIB_PER_HOUR and its heap by at most FLAT_HEAP_MIB_PER_HOUR.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestRportd, type TestClient } from '../test/support/rportd';
import { runMeasure } from './measure-main';
import { mib, openFds, processMemory } from './process-memory';

const MINUTES = Number(process.env.RPORT_TRAY_SOAK_MINUTES ?? 30);
const DURATION_MS = MINUTES * 60_000;
const WARMUP_MS = Math.min(10 * 60_000, Math.max(60_000, DURATION_MS / 3));
const SAMPLE_EVERY_MS = Math.min(10_000, Math.max(2_000, DURATION_MS / 90));
const WINDOW_MS = 60_000;
// RPORT_TRAY_SOAK_CONNECTIONS_PER_SECOND raises the load to see a slope sooner.
const CONNECTIONS_PER_SECOND = Number(process.env.RPORT_TRAY_SOAK_CONNECTIONS_PER_SECOND ?? 20);
const COMMAND_EVERY_MS = 5_000;
const TUNNEL_EVERY_MS = 60_000;
const PAYLOAD = Buffer.alloc(1024, 0x61);
const FLAT_RSS_MIB_PER_HOUR = 2;
const FLAT_HEAP_MIB_PER_HOUR = 1;
const CLI = path.resolve('bin/rport-tray.js');
const PROBE = path.resolve('bench/soak-probe.cjs');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const progress = (text: string): void => void process.stderr.write(`bench soak: ${text}\n`);

interface Sample {
  at: number;
  rss: number;
  anon: number;
  fds: number;
}

/** One short tunnel connection: 1 KiB there and back, then close. */
function echoOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timed out'));
    }, 10_000);
    socket.on('connect', () => socket.write(PAYLOAD));
    socket.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= PAYLOAD.length) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (got >= PAYLOAD.length) resolve();
      else reject(new Error(`closed after ${got} bytes`));
    });
    socket.on('error', () => undefined);
  });
}

function job(): Record<string, unknown> {
  return {
    jid: randomUUID(),
    status: 'running',
    finished_at: null,
    client_id: 'bench-soak',
    client_name: 'bench-soak',
    command: '/usr/bin/printf soak',
    cwd: '',
    interpreter: '',
    pid: null,
    started_at: '0001-01-01T00:00:00Z',
    created_by: 'bench',
    timeout_sec: 30,
    multi_job_id: null,
    schedule_id: null,
    error: '',
    result: null,
    is_sudo: false,
    is_script: false,
    stream_result: false,
  };
}

/**
 * Least-squares slope of (ms, value) points, per hour, and its standard error (how far noise alone moves
 * it); NaN with too few points.
 */
function slopePerHour(points: Array<[number, number]>): { slope: number; error: number } {
  const n = points.length;
  if (n < 2) return { slope: NaN, error: NaN };
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  if (sxx === 0) return { slope: NaN, error: NaN };
  const b = sxy / sxx;
  const residuals = points.reduce((s, [x, y]) => s + (y - (my + b * (x - mx))) ** 2, 0);
  const error = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : NaN;
  return { slope: b * 3_600_000, error: error * 3_600_000 };
}

/** flat: at most `limit`; flat within the noise: not above it by more than twice the slope's error. */
function verdict(
  growth: { slope: number; error: number },
  limit: number,
): 'flat' | 'flat within the noise' | 'GROWING' | 'too short to tell' {
  // Fewer than two windows after the warm-up (RPORT_TRAY_SOAK_MINUTES of 2 or so) give no slope.
  if (!Number.isFinite(growth.slope)) return 'too short to tell';
  if (growth.slope <= limit) return 'flat';
  if (!Number.isFinite(growth.error)) return 'too short to tell';
  return growth.slope - 2 * growth.error <= limit ? 'flat within the noise' : 'GROWING';
}

/** One value per window after `from`: [window middle, reduce(values)]. */
function perWindow<T>(
  rows: T[],
  at: (r: T) => number,
  value: (r: T) => number,
  from: number,
  reduce: (values: number[]) => number,
): Array<[number, number]> {
  const windows = new Map<number, number[]>();
  for (const r of rows) {
    if (at(r) < from) continue;
    const w = Math.floor((at(r) - from) / WINDOW_MS);
    windows.set(w, [...(windows.get(w) ?? []), value(r)]);
  }
  return [...windows.entries()].map(([w, values]) => [from + (w + 0.5) * WINDOW_MS, reduce(values)]);
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

interface ProbeLine {
  at: number;
  pid: number;
  heapUsed: number;
  heapAfterGc: number | null;
  rss: number;
  heapTotal?: number;
  external?: number;
  arrayBuffers?: number;
  rssAnon?: number | null;
  rssFile?: number | null;
  resources?: Record<string, number>;
}

function readProbe(dir: string, pid: number): ProbeLine[] {
  try {
    return readFileSync(path.join(dir, `probe-${pid}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ProbeLine);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the soak reads /proc (Linux only)');
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-soak-'));
  const dataDir = path.join(dir, 'data');
  const probeDir = path.join(dir, 'probe');
  mkdirSync(probeDir);
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const echo = net.createServer((s) => {
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  const echoTarget = `127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
  const configFile = path.join(dir, 'rport.conf');
  writeFileSync(
    configFile,
    [
      '[client]',
      `server = ${JSON.stringify(rportd.url)}`,
      `fingerprint = ${JSON.stringify(rportd.fingerprint)}`,
      'auth = "client1:secret1"',
      `data_dir = ${JSON.stringify(dataDir)}`,
      'id = "bench-soak"',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RPORT_TRAY_POLICY: path.join(dir, 'no-policy.toml'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    RPORT_TRAY_SOAK_PROBE_DIR: probeDir,
    RPORT_TRAY_SOAK_PROBE_MS: String(SAMPLE_EVERY_MS),
    // The worker inherits it: both processes carry the probe.
    NODE_OPTIONS: [`--require ${PROBE}`, process.env.RPORT_TRAY_BENCH_NODE_OPTIONS ?? ''].join(' ').trim(),
  };
  for (const name of Object.keys(env)) if (name.startsWith('RPORT_TRAY_TEST_')) delete env[name];
  const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const supervisorPid = child.pid ?? -1;

  const workerPid = (): number | null => {
    try {
      const s = JSON.parse(readFileSync(path.join(dataDir, 'rport-tray-status.json'), 'utf8')) as {
        supervisor?: { workerPid?: number | null; engine?: { state?: string } | null };
      };
      return s.supervisor?.engine?.state === 'connected' ? (s.supervisor.workerPid ?? null) : null;
    } catch {
      return null;
    }
  };
  const stats = {
    connections: 0,
    failed: 0,
    commands: 0,
    commandsRefused: 0,
    tunnels: 0,
    workerPids: new Set<number>(),
  };
  const samples = { supervisor: [] as Sample[], worker: [] as Sample[] };
  let client: TestClient | null = null;
  /** Epoch ms when the load started (the probe's lines carry epoch times). */
  let loadStartedAt = 0;
  try {
    const until = Date.now() + 60_000;
    while (workerPid() === null) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`rport-tray run did not connect:\n${output}`);
      await sleep(200);
    }
    client = await rportd.waitForClient();
    let tunnel = await client.openTunnel({ target: echoTarget });
    stats.tunnels += 1;
    const started = Date.now();
    loadStartedAt = started;
    const end = started + DURATION_MS;
    progress(`${MINUTES} min (warm-up ${WARMUP_MS / 60_000} min), ${CONNECTIONS_PER_SECOND} tunnel connections/s`);

    let pending = 0;
    const connectTimer = setInterval(() => {
      if (pending > 4 * CONNECTIONS_PER_SECOND) return;
      pending += 1;
      void echoOnce(tunnel.port)
        .then(
          () => (stats.connections += 1),
          () => (stats.failed += 1),
        )
        .finally(() => (pending -= 1));
    }, 1000 / CONNECTIONS_PER_SECOND);
    const server = client;
    const commandTimer = setInterval(() => {
      server.request('run_cmd', job()).then(
        (reply) => (reply.ok ? (stats.commands += 1) : (stats.commandsRefused += 1)),
        () => (stats.commandsRefused += 1),
      );
    }, COMMAND_EVERY_MS);
    const tunnelTimer = setInterval(() => {
      const old = tunnel;
      void server.openTunnel({ target: echoTarget }).then((fresh) => {
        tunnel = fresh;
        stats.tunnels += 1;
        // Connections still on the old one finish first.
        setTimeout(() => void old.close(), 2_000);
      });
    }, TUNNEL_EVERY_MS);

    let nextReport = started + 60_000;
    while (Date.now() < end) {
      const now = Date.now();
      const wpid = workerPid();
      if (wpid !== null) stats.workerPids.add(wpid);
      for (const [role, pid] of [
        ['supervisor', supervisorPid],
        ['worker', wpid],
      ] as const) {
        const m = pid === null ? null : processMemory(pid);
        const fds = pid === null ? null : openFds(pid);
        if (m && fds !== null) samples[role].push({ at: now - started, rss: m.rss, anon: m.rssAnon, fds });
      }
      if (now >= nextReport) {
        nextReport += 60_000;
        const w = samples.worker.at(-1);
        const s = samples.supervisor.at(-1);
        progress(
          `${Math.round((now - started) / 60_000)} min: supervisor ${mib(s?.rss ?? NaN)} MiB, worker ${mib(w?.rss ?? NaN)} MiB, ` +
            `${stats.connections} connections (${stats.failed} failed), ${stats.commands} commands`,
        );
      }
      await sleep(SAMPLE_EVERY_MS);
    }
    clearInterval(connectTimer);
    clearInterval(commandTimer);
    clearInterval(tunnelTimer);
    await sleep(2_000);
    await tunnel.close();
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    echo.close();
    await rportd.stop();
  }

  const pidsSeen = [...stats.workerPids];
  const heap = {
    supervisor: readProbe(probeDir, supervisorPid),
    worker: pidsSeen.flatMap((pid) => readProbe(probeDir, pid)),
  };
  rmSync(dir, { recursive: true, force: true });

  const figures: Record<string, Record<string, unknown>> = {};
  const load = `${MINUTES} min, warm-up ${round(WARMUP_MS / 60_000, 1)} min; ${stats.connections} tunnel connections (${stats.failed} failed), ${stats.commands} commands, ${stats.tunnels} tunnels opened; worker processes: ${pidsSeen.length}`;
  for (const role of ['supervisor', 'worker'] as const) {
    const rows = samples[role];
    const rss = perWindow(
      rows,
      (r) => r.at,
      (r) => r.rss,
      WARMUP_MS,
      median,
    );
    const fds = perWindow(
      rows,
      (r) => r.at,
      (r) => r.fds,
      WARMUP_MS,
      (v) => Math.max(...v),
    );
    const t0 = loadStartedAt;
    const heapRows = heap[role].flatMap((h) =>
      h.heapAfterGc === null || h.heapAfterGc === undefined ? [] : [{ at: h.at - t0, heap: h.heapAfterGc }],
    );
    const heapPoints = perWindow(
      heapRows,
      (r) => r.at,
      (r) => r.heap,
      WARMUP_MS,
      (v) => Math.min(...v),
    );
    const rssGrowth = slopePerHour(rss);
    const heapGrowth = slopePerHour(heapPoints);
    const rssSlope = rssGrowth.slope;
    const heapSlope = heapGrowth.slope;
    const fdSlope = slopePerHour(fds).slope;
    const atWarmup = rss[0]?.[1] ?? NaN;
    const heapAtWarmup = heapPoints[0]?.[1] ?? NaN;
    const inMib = (g: { slope: number; error: number }) => ({
      slope: g.slope / 1024 / 1024,
      error: g.error / 1024 / 1024,
    });
    const rssVerdict = verdict(inMib(rssGrowth), FLAT_RSS_MIB_PER_HOUR);
    const heapVerdict = verdict(inMib(heapGrowth), FLAT_HEAP_MIB_PER_HOUR);
    figures[`soak_${role}_rss_per_hour`] = {
      value: round(rssSlope / 1024 / 1024),
      unit: 'MiB/h',
      baseline: mib(atWarmup),
      ratio: round(rssSlope / atWarmup, 4),
      target: `≤ ${FLAT_RSS_MIB_PER_HOUR} MiB/h after warm-up is flat (baseline: RSS after warm-up, MiB; ratio: share per hour); this run: ${rssVerdict} (± ${round(inMib(rssGrowth).error)} MiB/h); ${load}`,
    };
    figures[`soak_${role}_heap_per_hour`] = {
      value: round(heapSlope / 1024 / 1024),
      unit: 'MiB/h',
      baseline: mib(heapAtWarmup),
      ratio: round(heapSlope / heapAtWarmup, 4),
      target: `≤ ${FLAT_HEAP_MIB_PER_HOUR} MiB/h after warm-up is flat (V8 heap in use after a full collection, once a minute; baseline: after warm-up, MiB); this run: ${heapVerdict} (± ${round(inMib(heapGrowth).error)} MiB/h)`,
    };
    figures[`soak_${role}_fds_per_hour`] = {
      value: round(fdSlope, 1),
      unit: 'fds/h',
      baseline: fds[0]?.[1] ?? null,
      ratio: fds[0]?.[1] ? round(fdSlope / fds[0][1], 4) : null,
      target: 'about 0: open file descriptors (per-minute maximum) do not pile up',
    };
    // Which part of RSS grows: anonymous (malloc's and V8's pages) or file-backed, V8's heap as committed
    // (heapTotal: in RSS, unlike the heap in use), and the memory V8 counts outside its heap (Buffers), each as the per-minute minimum of the probe's samples.
    for (const [name, value] of [
      ['rss_anon', (h: ProbeLine) => h.rssAnon],
      ['heap_total', (h: ProbeLine) => h.heapTotal],
      ['rss_file', (h: ProbeLine) => h.rssFile],
      ['external', (h: ProbeLine) => h.external],
      ['array_buffers', (h: ProbeLine) => h.arrayBuffers],
    ] as const) {
      const points = perWindow(
        heap[role].flatMap((h) => {
          const v = value(h);
          return typeof v === 'number' ? [{ at: h.at - t0, v }] : [];
        }),
        (r) => r.at,
        (r) => r.v,
        WARMUP_MS,
        (v) => Math.min(...v),
      );
      const g = inMib(slopePerHour(points));
      figures[`soak_${role}_${name}_per_hour`] = {
        value: round(g.slope),
        unit: 'MiB/h',
        baseline: mib(points[0]?.[1] ?? NaN),
        ratio: round(g.slope / ((points[0]?.[1] ?? NaN) / 1024 / 1024), 4),
        target: `report only (probe, per-minute minimum; baseline: after warm-up, MiB): ± ${round(g.error)} MiB/h`,
      };
    }
    const lastResources = heap[role].at(-1)?.resources;
    if (lastResources) {
      figures[`soak_${role}_resources_end`] = {
        value: Object.values(lastResources).reduce((a, b) => a + b, 0),
        unit: 'handles',
        baseline: heap[role].find((h) => h.at - t0 >= WARMUP_MS)?.resources ?? null,
        ratio: null,
        target: `report only: live handles and requests at the end, by type: ${JSON.stringify(lastResources)}`,
      };
    }
    figures[`soak_${role}_rss_end`] = {
      value: mib(rows.at(-1)?.rss ?? NaN),
      unit: 'MiB',
      baseline: mib(atWarmup),
      ratio: round((rows.at(-1)?.rss ?? NaN) / atWarmup, 3),
      target: 'report only: resident memory at the end of the load (baseline: after warm-up)',
    };
  }
  process.stdout.write(`${JSON.stringify({ area: 'soak', figures })}\n`);
}

runMeasure('soak', main);
