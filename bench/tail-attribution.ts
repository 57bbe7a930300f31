// Where the slow 1-byte round trips' time goes, from the kernel scheduler's side. Not part of `npm run bench`:
// `node bench/tail-attribution.mjs` (needs `perf` and the rights to record sched tracepoints system-wide)
// runs `drive` under `perf record -k CLOCK_MONOTONIC`, then `analyze` on `perf script`'s text.
// drive: one engine (the working tree's runner bundle) against the test rportd in this process, round trips
// to an echo process directly and through the tunnel, each stamped with CLOCK_MONOTONIC (process.hrtime),
// the clock perf is told to use, so the trips line up with the scheduler events.
// analyze: for the median and the slowest 1 % of trips per path, how long each process's main thread waited
// to run after being woken (and for how much of that a CPU sat idle: wake-up latency, not a busy CPU) and
// how long it ran, how long the processes' other threads (V8's background threads: GC helpers, compiler)
// and other tasks ran, which slow trips overlapped another thread of ours, and the percentiles left without
// the trips that did; and for the wake-ups between the three processes, how long the woken one waited when it
// was placed on the waker's CPU and when on the other one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINE_WORKER_EXEC_ARGV } from '../main/watchdog/engine-worker-v8-flags';
import { startTestRportd } from '../test/support/rportd';
import { startEngine } from './engine-process';
import { roundTripper, startEchoProcess } from './engine-probes';

const ROUNDS = 6;
const RTT_N = Number(process.env.TAIL_RTT ?? 5000);
const IDLE_MS = Number(process.env.TAIL_IDLE ?? 20000);
const OUR_THREAD_MIN_NS = 10_000n; // an overlap shorter than this is a thread's wake-up blip, not work

type Trip = [start: string, end: string];
interface Trips {
  pids: Record<Process, number>;
  direct: Trip[];
  tunnel: Trip[];
}
type Process = 'driver' | 'engine' | 'echo';

// roundTripper stamps each trip's start in ms since the epoch on the performance clock, which counts from
// a point of process.hrtime's clock, CLOCK_MONOTONIC: the clock perf records on.
const monotonicAtTimeOrigin = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));

/** Round trips on one path as [start, end] in CLOCK_MONOTONIC ns. */
async function stampedTrips(trip: Awaited<ReturnType<typeof roundTripper>>, count: number): Promise<Trip[]> {
  const micros: number[] = [];
  const startsMs: number[] = [];
  await trip.run(count, micros, startsMs);
  return micros.map((us, i) => {
    const start = monotonicAtTimeOrigin + BigInt(Math.round(((startsMs[i] ?? 0) - performance.timeOrigin) * 1e6));
    return [String(start), String(start + BigInt(Math.round(us * 1000)))];
  });
}

async function drive(runner: string, out: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tail-'));
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const echo = await startEchoProcess();
  const engine = startEngine(runner, rportd.url, `tail-${process.pid}`, [...ENGINE_WORKER_EXEC_ARGV], dataDir, {});
  await engine.connected;
  const client = await rportd.waitForClient(() => true);
  const tunnel = await client.openTunnel({ target: `127.0.0.1:${echo.port}` });
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const [direct, tunnelled] = [await roundTripper(echo.port, 1), await roundTripper(tunnel.port, 1)];
  for (const p of [direct, tunnelled]) await p.run(3000, null);
  const trips: Trips = { pids: { driver: process.pid, engine: engine.pid, echo: echo.pid }, direct: [], tunnel: [] };
  for (let r = 0; r < ROUNDS; r++) {
    trips.direct.push(...(await stampedTrips(direct, RTT_N)));
    trips.tunnel.push(...(await stampedTrips(tunnelled, RTT_N)));
  }
  writeFileSync(out, JSON.stringify(trips));
  for (const p of [direct, tunnelled]) p.close();
  engine.stop();
  echo.stop();
  await rportd.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** [start, end) in ns on one CPU or of one thread. */
type Span = { start: bigint; end: bigint; tid: number };

interface Schedule {
  waits: Map<number, Span[]>; // woken (or preempted) until switched in, per thread
  runs: Map<number, Span[]>; // switched in until switched out, per thread
  cpuRuns: Map<number, Span[]>; // every thread's runs, per CPU
  someCpuIdle: Span[]; // when at least one CPU ran its idle task (merged, tid 0)
  wakeUps: WakeUp[];
  pidOf: Map<number, number>;
  commOf: Map<number, string>;
}

/** One thread waking a sleeping one: on which CPU each ran, when the wakee ran, when the waker stopped. */
interface WakeUp {
  at: bigint;
  waker: number;
  wakee: number;
  wakerCpu: number;
  wakeeCpu?: number; // where it ran (sched_waking's target_cpu is only where it ran last)
  wakeeOnCpuAt?: bigint;
  wakerOffCpuAt?: bigint;
}

const EVENT = /^\s*(.+?)\s+(\d+)\/(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d+):\s+sched:(\w+):\s+(.*)$/;

/** `perf script -F comm,tid,pid,cpu,time,event,trace --ns` output of sched_waking and sched_switch. */
function parseSchedule(text: string): Schedule {
  const s: Schedule = {
    waits: new Map(),
    runs: new Map(),
    cpuRuns: new Map(),
    someCpuIdle: [],
    wakeUps: [],
    pidOf: new Map(),
    commOf: new Map(),
  };
  const runnableSince = new Map<number, bigint>();
  const onCpu = new Map<number, { tid: number; since: bigint }>();
  const wokenBy = new Map<number, WakeUp>(); // wakee -> its wake-up, until it runs
  const stillRunning = new Map<number, WakeUp[]>(); // waker -> its wake-ups, until it stops running
  const add = (m: Map<number, Span[]>, key: number, span: Span): void =>
    void (m.get(key) ?? m.set(key, []).get(key))?.push(span);
  for (const line of text.split('\n')) {
    const m = EVENT.exec(line);
    if (!m) continue;
    const [, comm = '', pid = '', tid = '', cpu = '', sec = '', ns = '', event, fields = ''] = m;
    const at = BigInt(sec) * 1_000_000_000n + BigInt(ns);
    s.pidOf.set(Number(tid), Number(pid));
    s.commOf.set(Number(tid), comm.trim());
    const field = (name: string): string => new RegExp(`${name}=(\\S+)`).exec(fields)?.[1] ?? '';
    if (event === 'sched_waking') {
      const woken = Number(field(' pid'));
      if (runnableSince.has(woken)) continue;
      runnableSince.set(woken, at);
      const wakeUp: WakeUp = { at, waker: Number(tid), wakee: woken, wakerCpu: Number(cpu) };
      s.wakeUps.push(wakeUp);
      wokenBy.set(woken, wakeUp);
      (stillRunning.get(wakeUp.waker) ?? stillRunning.set(wakeUp.waker, []).get(wakeUp.waker))?.push(wakeUp);
    } else if (event === 'sched_switch') {
      const prev = Number(field('prev_pid'));
      const next = Number(field('next_pid'));
      const running = onCpu.get(Number(cpu));
      if (running?.tid === prev) {
        const span = { start: running.since, end: at, tid: prev };
        add(s.runs, prev, span);
        add(s.cpuRuns, Number(cpu), span);
      }
      for (const wakeUp of stillRunning.get(prev) ?? []) wakeUp.wakerOffCpuAt = at;
      stillRunning.delete(prev);
      if (field('prev_state').startsWith('R')) runnableSince.set(prev, at); // preempted: still runnable
      onCpu.set(Number(cpu), { tid: next, since: at });
      s.commOf.set(next, /next_comm=(.*?) next_pid/.exec(fields)?.[1] ?? '');
      const since = runnableSince.get(next);
      if (since !== undefined) add(s.waits, next, { start: since, end: at, tid: next });
      runnableSince.delete(next);
      const wakeUp = wokenBy.get(next);
      if (wakeUp) Object.assign(wakeUp, { wakeeOnCpuAt: at, wakeeCpu: Number(cpu) });
      wokenBy.delete(next);
    }
  }
  const byStart = (a: Span, b: Span): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
  for (const list of [...s.waits.values(), ...s.runs.values(), ...s.cpuRuns.values()]) list.sort(byStart);
  const idle = [...s.cpuRuns.values()].flatMap((list) => list.filter((span) => span.tid === 0)).sort(byStart);
  for (const span of idle) {
    const last = s.someCpuIdle.at(-1);
    if (last && span.start <= last.end) last.end = span.end > last.end ? span.end : last.end;
    else s.someCpuIdle.push({ ...span });
  }
  return s;
}

/** The spans of a start-sorted list of disjoint spans that overlap [start, end), and by how many ns each. */
function overlapping(spans: Span[], start: bigint, end: bigint): Array<{ span: Span; ns: bigint }> {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).start < start) lo = mid + 1;
    else hi = mid;
  }
  const found: Array<{ span: Span; ns: bigint }> = [];
  for (let i = Math.max(0, lo - 1); i < spans.length && (spans[i] as Span).start < end; i++) {
    const span = spans[i] as Span;
    const ns = (span.end < end ? span.end : end) - (span.start > start ? span.start : start);
    if (ns > 0n) found.push({ span, ns });
  }
  return found;
}

/**
 * The q-quantile of sorted values at rank floor(q·(n−1)), the figures the README quotes (engine-probes'
 * `percentile` sorts a copy and takes floor(q·n), one sample higher at p99.9).
 */
function ofSorted<T>(sorted: T[], q: number): T | undefined {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function analyze(schedule: Schedule, trips: Trips): Record<string, unknown> {
  const processOf = new Map<number, Process>(Object.entries(trips.pids).map(([name, pid]) => [pid, name as Process]));
  const us = (ns: bigint): number => Number(ns) / 1000;
  /** Who ran or waited during one trip, µs. */
  const during = (start: bigint, end: bigint): Record<string, number> => {
    const acc: Record<string, number> = {};
    const add = (key: string, ns: bigint): void => void (acc[key] = (acc[key] ?? 0) + us(ns));
    for (const [pid, name] of processOf) {
      for (const o of overlapping(schedule.waits.get(pid) ?? [], start, end)) {
        add(`${name}_waits`, o.ns);
        const from = o.span.start > start ? o.span.start : start;
        const to = o.span.end < end ? o.span.end : end;
        for (const idle of overlapping(schedule.someCpuIdle, from, to)) add(`${name}_waits_with_a_cpu_idle`, idle.ns);
      }
      for (const o of overlapping(schedule.runs.get(pid) ?? [], start, end)) add(`${name}_runs`, o.ns);
    }
    for (const { span, ns } of [...schedule.cpuRuns.values()].flatMap((list) => overlapping(list, start, end))) {
      const owner = processOf.get(schedule.pidOf.get(span.tid) ?? -1);
      if (owner && span.tid === trips.pids[owner]) continue;
      if (owner) {
        if (ns >= OUR_THREAD_MIN_NS) add(`${owner}_other_threads_run`, ns);
      } else if (span.tid === 0) add('cpus_idle', ns);
      else add(`other:${schedule.commOf.get(span.tid) ?? span.tid}`, ns);
    }
    return acc;
  };
  const result: Record<string, unknown> = {};
  for (const pathName of ['direct', 'tunnel'] as const) {
    const rows = trips[pathName]
      .map(([a, b]) => {
        const [start, end] = [BigInt(a), BigInt(b)];
        const who = during(start, end);
        const otherThreads = Object.keys(who)
          .filter((k) => k.endsWith('_other_threads_run'))
          .map((k) => k.slice(0, k.indexOf('_')))
          .sort();
        return { us: us(end - start), who, otherThreads };
      })
      .sort((x, y) => x.us - y.us);
    const at = (group: typeof rows, q: number): number => Math.round(ofSorted(group, q)?.us ?? 0);
    const mean = (group: typeof rows): Record<string, number> => {
      const sum: Record<string, number> = {};
      for (const r of group) for (const [k, v] of Object.entries(r.who)) sum[k] = (sum[k] ?? 0) + v;
      return Object.fromEntries(
        Object.entries(sum)
          .map(([k, v]) => [k, Number((v / group.length).toFixed(1))] as const)
          .filter(([, v]) => v >= 0.5)
          .sort((a, b) => b[1] - a[1]),
      );
    };
    const slow = rows.slice(Math.floor(0.99 * rows.length));
    const share = (group: typeof rows): Record<string, number> => {
      const count: Record<string, number> = {};
      for (const r of group) {
        const key = r.otherThreads.join('+') || 'none of ours';
        count[key] = (count[key] ?? 0) + 1;
      }
      return Object.fromEntries(
        Object.entries(count).map(([k, v]) => [k, Number(((100 * v) / group.length).toFixed(1))]),
      );
    };
    const clean = rows.filter((r) => r.otherThreads.length === 0);
    result[pathName] = {
      p50_p99_p999_us: [at(rows, 0.5), at(rows, 0.99), at(rows, 0.999)],
      median_trip_mean_us: mean(rows.slice(Math.floor(0.45 * rows.length), Math.ceil(0.55 * rows.length))),
      slowest_1pct_mean_us: mean(slow),
      slowest_1pct_other_threads_of_ours_pct: share(slow),
      slowest_01pct_other_threads_of_ours_pct: share(rows.slice(Math.floor(0.999 * rows.length))),
      without_trips_overlapping_our_other_threads: {
        trips: clean.length,
        p50_p99_p999_us: [at(clean, 0.5), at(clean, 0.99), at(clean, 0.999)],
      },
    };
  }
  result.wake_ups_during_the_trips = wakeUps(schedule, trips, processOf);
  return result;
}

/**
 * Wake-ups among our three processes' main threads, by who woke whom and whether the wakee was placed on the
 * waker's CPU: how long the wakee waited to run, and how long the waker ran on after waking it (p50/p90/p99 µs).
 * A wakee on the waker's CPU waits for the waker to sleep; one on the other CPU for that CPU to come out of idle.
 */
function wakeUps(schedule: Schedule, trips: Trips, processOf: Map<number, Process>): Record<string, unknown> {
  const from = BigInt(trips.direct[0]?.[0] ?? 0);
  const to = BigInt(trips.tunnel.at(-1)?.[1] ?? 0);
  const groups = new Map<string, { waits: number[]; runsOn: number[] }>();
  for (const w of schedule.wakeUps) {
    const waker = processOf.get(w.waker); // keyed by pid: only a main thread (tid = pid) is found
    const wakee = processOf.get(w.wakee);
    if (w.at < from || w.at > to || !waker || !wakee || w.waker === w.wakee) continue;
    if (w.wakeeOnCpuAt === undefined || w.wakerOffCpuAt === undefined) continue;
    const key = `${waker}->${wakee} ${w.wakeeCpu === w.wakerCpu ? 'same CPU' : 'other CPU'}`;
    const group = groups.get(key) ?? groups.set(key, { waits: [], runsOn: [] }).get(key);
    group?.waits.push(Number(w.wakeeOnCpuAt - w.at) / 1000);
    group?.runsOn.push(Number(w.wakerOffCpuAt - w.at) / 1000);
  }
  const q = (values: number[]): number[] => {
    const sorted = [...values].sort((a, b) => a - b);
    return [0.5, 0.9, 0.99].map((f) => Number((ofSorted(sorted, f) ?? 0).toFixed(1)));
  };
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, g]) => [key, { count: g.waits.length, wakee_waits_us: q(g.waits), waker_runs_on_us: q(g.runsOn) }]),
  );
}

const [mode, a = '', b = ''] = process.argv.slice(2);
if (mode === 'drive') {
  drive(a, b).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (mode === 'analyze') {
  const trips = JSON.parse(readFileSync(b, 'utf8')) as Trips;
  process.stdout.write(`${JSON.stringify(analyze(parseSchedule(readFileSync(a, 'utf8')), trips), null, 1)}\n`);
} else {
  console.error('usage: tail-attribution drive <runner.cjs> <trips.json> | analyze <perf-script.txt> <trips.json>');
  process.exit(2);
}
