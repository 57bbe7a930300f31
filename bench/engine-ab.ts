// Before/after on a shared machine: two engine processes (runner bundles A and B, e.g. the last commit's
// engine and the working tree's) against ONE test rportd, measured in interleaved blocks in the same run,
// so that load from other work hits both alike. Not part of `npm run bench`; `node bench/engine-ab.mjs
// <git revision>` builds both bundles and runs this. Prints one JSON line: 1-byte round trip
// p50/p90/p99/p99.9 (direct, A, B), GC pauses and CPU per round trip, short connections (connect, 1 byte
// each way, close: setup p50/p99 and engine CPU per connection), throughput (1 and 8 streams, both ways),
// major GCs and CPU per MB, RSS. AB_IDLE=<ms> waits idle first (V8's memory reducer then runs);
// both start with today's engine worker flags (engine-worker-v8-flags.ts) unless AB_A_ARGS / AB_B_ARGS
// give theirs ("" for none); AB_A_ENV / AB_B_ENV add environment variables to one of them
// ("NAME=value NAME2=value"); AB_ROUNDS, AB_RTT, AB_CONNS size the run.
// Packages are external to the bundles, so both sides load the same node_modules: to compare a change to
// a patched package (patches/), run engine-ab.cjs itself with RUNNER_A pointing at a copy of runner-a.cjs
// in a directory whose node_modules holds the old package beside links to the rest.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINE_WORKER_EXEC_ARGV } from '../main/watchdog/engine-worker-v8-flags';
import { startTestRportd } from '../test/support/rportd';
import { envFrom, startEngine, type Engine } from './engine-process';
import type { GcPause } from '../test/support/engine/engine-probe';
import {
  cpuMicros,
  download,
  downloadParallel,
  listen,
  median,
  percentile,
  roundTripper,
  shortConnections,
  startEchoProcess,
  startSink,
  startSource,
  upload,
  uploadParallel,
  type UsageSample,
} from './engine-probes';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const RTT_N = Number(process.env.AB_RTT ?? 5000);
const CONN_N = Number(process.env.AB_CONNS ?? 1200);
const MB = 64 * 1024 * 1024;
const NAMES = ['A', 'B'] as const;

async function main(): Promise<void> {
  const runners = [process.env.RUNNER_A ?? '', process.env.RUNNER_B ?? ''];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-engine-ab-'));
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const echo = await startEchoProcess();
  const sink = startSink();
  const sinkPort = await listen(sink.server);
  const source = startSource();
  const sourcePort = await listen(source);
  const engines: Engine[] = [];
  const clients: Awaited<ReturnType<typeof rportd.waitForClient>>[] = [];
  for (let i = 0; i < 2; i++) {
    const own = i === 0 ? process.env.AB_A_ARGS : process.env.AB_B_ARGS;
    const flags = own === undefined ? [...ENGINE_WORKER_EXEC_ARGV] : own.split(' ').filter(Boolean);
    const id = `ab-${NAMES[i]}-${process.pid}`;
    const env = envFrom(i === 0 ? process.env.AB_A_ENV : process.env.AB_B_ENV);
    const e = startEngine(runners[i] as string, rportd.url, id, flags, dataDir, env);
    await e.connected;
    engines.push(e);
    clients.push(await rportd.waitForClient((c) => !clients.includes(c)));
  }
  const open = (target: number): Promise<Array<{ port: number }>> =>
    Promise.all(clients.map((c) => c.openTunnel({ target: `127.0.0.1:${target}` })));
  const [echoT, sinkT, sourceT] = [await open(echo.port), await open(sinkPort), await open(sourcePort)];
  if (process.env.AB_IDLE) await new Promise((r) => setTimeout(r, Number(process.env.AB_IDLE)));
  const rss = async (): Promise<number[]> =>
    Promise.all(engines.map(async (e) => Math.round((await e.usage()).rss / 1048576)));
  const idleRss = await rss();

  const paths = [echo.port, ...echoT.map((t) => t.port)];
  const rt = await Promise.all(paths.map((p) => roundTripper(p, 1)));
  for (const r of rt) await r.run(3000, null);
  const rtt: number[][] = [[], [], []];
  for (const e of engines) e.gcStart();
  const c0 = await Promise.all(engines.map((e) => e.usage()));
  for (let r = 0; r < ROUNDS; r++)
    for (const i of r % 2 ? [0, 2, 1] : [0, 1, 2]) await rt[i]?.run(RTT_N, rtt[i] ?? null);
  const c1 = await Promise.all(engines.map((e) => e.usage()));
  const gcRtt = await Promise.all(engines.map((e) => e.gcStop()));
  for (const r of rt) r.close();

  const setup: number[][] = [[], [], []];
  await Promise.all(paths.map((p) => shortConnections([p], 100, null)));
  const s0 = await Promise.all(engines.map((e) => e.usage()));
  const connBlock = Math.ceil(CONN_N / ROUNDS);
  for (let r = 0; r < ROUNDS; r++)
    for (const i of r % 2 ? [0, 2, 1] : [0, 1, 2]) await shortConnections([paths[i] ?? 0], connBlock, setup[i] ?? null);
  const s1 = await Promise.all(engines.map((e) => e.usage()));

  const tp: Record<string, number[]> = {};
  const add = (k: string, v: number): number => (tp[k] ??= []).push(v);
  for (const e of engines) e.gcStart();
  const t0 = await Promise.all(engines.map((e) => e.usage()));
  const tpRounds = Math.max(3, ROUNDS / 2);
  for (let r = 0; r < tpRounds; r++) {
    const order = r % 2 ? [1, 0] : [0, 1];
    add('up_direct', await upload(sinkPort, sink, MB));
    for (const i of order) add(`up_${NAMES[i]}`, await upload(sinkT[i]?.port ?? 0, sink, MB));
    add('down_direct', await download(sourcePort, MB));
    for (const i of order) add(`down_${NAMES[i]}`, await download(sourceT[i]?.port ?? 0, MB));
    add('up8_direct', await uploadParallel(sinkPort, sink, 8, MB / 8));
    for (const i of order) add(`up8_${NAMES[i]}`, await uploadParallel(sinkT[i]?.port ?? 0, sink, 8, MB / 8));
    add('down8_direct', await downloadParallel(sourcePort, 8, MB / 8));
    for (const i of order) add(`down8_${NAMES[i]}`, await downloadParallel(sourceT[i]?.port ?? 0, 8, MB / 8));
  }
  const t1 = await Promise.all(engines.map((e) => e.usage()));
  const gcTp = await Promise.all(engines.map((e) => e.gcStop()));
  const busyRss = await rss();

  const q = (s: number[]): number[] => [0.5, 0.9, 0.99, 0.999].map((x) => Math.round(percentile(s, x)));
  const gc = (p: GcPause[]): Record<string, number> => ({
    count: p.length,
    major: p.filter((x) => x.kind === 'major').length,
    p50_us: Math.round(
      percentile(
        p.map((x) => x.duration * 1000),
        0.5,
      ) || 0,
    ),
    total_ms: Math.round(p.reduce((a, x) => a + x.duration, 0)),
  });
  const perEngine = <T>(f: (i: number) => T): Record<string, T> => ({ A: f(0), B: f(1) });
  const result = {
    load: os.loadavg().map((l) => Number(l.toFixed(2))),
    rtt_1b_p50_p90_p99_p999_us: { direct: q(rtt[0] ?? []), A: q(rtt[1] ?? []), B: q(rtt[2] ?? []) },
    gc_rtt: perEngine((i) => gc(gcRtt[i] ?? [])),
    cpu_per_rtt_us: perEngine((i) =>
      Number((cpuMicros(c0[i] as UsageSample, c1[i] as UsageSample) / (ROUNDS * RTT_N)).toFixed(1)),
    ),
    setup_p50_p99_us: Object.fromEntries(
      (['direct', 'A', 'B'] as const).map((k, i) => [
        k,
        [0.5, 0.99].map((x) => Math.round(percentile(setup[i] ?? [], x))),
      ]),
    ),
    cpu_per_conn_us: perEngine((i) =>
      Math.round(cpuMicros(s0[i] as UsageSample, s1[i] as UsageSample) / (ROUNDS * connBlock)),
    ),
    throughput_MBps: Object.fromEntries(Object.entries(tp).map(([k, v]) => [k, Math.round(median(v))])),
    gc_throughput: perEngine((i) => gc(gcTp[i] ?? [])),
    cpu_per_MB_us: perEngine((i) =>
      Math.round(cpuMicros(t0[i] as UsageSample, t1[i] as UsageSample) / ((tpRounds * 4 * MB) / 1e6)),
    ),
    rss_MiB: { idle: perEngine((i) => idleRss[i]), busy: perEngine((i) => busyRss[i]) },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  for (const e of engines) e.stop();
  echo.stop();
  await rportd.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
