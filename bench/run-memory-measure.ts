// The memory of `rport-tray run` as a user starts it (run through run-memory.bench.ts): `node
// bin/rport-tray.js run --config FILE` (and the same with `--ui`) against the test rportd on loopback,
// product timings and the config's defaults (monitoring on, updates status every 4 h), connected and
// idle with no window open. Per process (supervisor, engine worker, anything else under them) the
// resident memory from /proc, median of SAMPLES samples taken after SETTLE_MS (start-up work and V8's
// memory-reducing GC a few seconds after start are over by then) and, for `run`, again LATE_MS after
// connecting (`run_late_*`), against a bare idle Node process sampled at the same moments.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestRportd, type TestRportd } from '../test/support/rportd';
import { startBareNode } from './engine-probes';
import { median, runMeasure } from './measure-main';
import { mib, processMemory, processTree, type ProcessMemory } from './process-memory';

const SETTLE_MS = Number(process.env.RPORT_TRAY_BENCH_SETTLE_MS ?? 20_000);
// `run` is sampled again this long after connecting (0: not): an idle client does not stay as it was at
// 20 s. Monitoring measures once a minute and V8 compiles what has become hot; both settle within minutes.
const LATE_MS = Number(process.env.RPORT_TRAY_BENCH_LATE_MS ?? 300_000);
const SAMPLES = 5;
const SAMPLE_EVERY_MS = 1_000;
const CLI = path.resolve('bin/rport-tray.js');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const progress = (text: string): void => void process.stderr.write(`bench run-memory: ${text}\n`);

interface StatusFile {
  supervisor?: { workerPid?: number | null; engine?: { state?: string } | null };
}

function readStatus(dataDir: string): StatusFile | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, 'rport-tray-status.json'), 'utf8')) as StatusFile;
  } catch {
    return null;
  }
}

async function waitConnected(dataDir: string, child: ChildProcess, output: () => string): Promise<number> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`rport-tray run exited (${child.exitCode}):\n${output()}`);
    const s = readStatus(dataDir);
    const worker = s?.supervisor?.workerPid;
    if (s?.supervisor?.engine?.state === 'connected' && typeof worker === 'number') return worker;
    await sleep(200);
  }
  throw new Error(`rport-tray run did not connect within 60 s:\n${output().slice(-3000)}`);
}

interface RunSample {
  supervisor: ProcessMemory;
  worker: ProcessMemory;
  others: ProcessMemory[];
  bare: ProcessMemory;
}

interface RunSamples {
  settled: RunSample[];
  /** Taken LATE_MS after connecting (empty when not asked for). */
  late: RunSample[];
}

async function measureRun(rportd: TestRportd, ui: boolean, lateMs: number): Promise<RunSamples> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-run-memory-'));
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'rport.conf');
  writeFileSync(
    configFile,
    [
      '[client]',
      `server = ${JSON.stringify(rportd.url)}`,
      `fingerprint = ${JSON.stringify(rportd.fingerprint)}`,
      'auth = "client1:secret1"',
      `data_dir = ${JSON.stringify(dataDir)}`,
      `id = "bench-run-memory"`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RPORT_TRAY_POLICY: path.join(dir, 'no-policy.toml'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
  };
  for (const name of Object.keys(env)) if (name.startsWith('RPORT_TRAY_TEST_')) delete env[name];
  delete env.NODE_OPTIONS;
  // Experiments: Node or V8 options for every process of the run (e.g. `--max-semi-space-size=1`).
  if (process.env.RPORT_TRAY_BENCH_NODE_OPTIONS) env.NODE_OPTIONS = process.env.RPORT_TRAY_BENCH_NODE_OPTIONS;
  const child = spawn(process.execPath, [CLI, 'run', '--config', configFile, ...(ui ? ['--ui', '127.0.0.1:0'] : [])], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bare = startBareNode();
  try {
    const workerPid = await waitConnected(dataDir, child, () => out);
    const connectedAt = Date.now();
    progress(`${ui ? 'run --ui' : 'run'}: connected; settling ${SETTLE_MS / 1000} s`);
    await sleep(SETTLE_MS);
    const sample = async (): Promise<RunSample[]> => {
      const samples: RunSample[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const supervisorPid = child.pid ?? -1;
        const tree = processTree(supervisorPid);
        const supervisor = processMemory(supervisorPid);
        const worker = processMemory(workerPid);
        const bareMemory = processMemory(bare.pid);
        if (!supervisor || !worker || !bareMemory) throw new Error('cannot read /proc/<pid>/status (Linux only)');
        const others = tree
          .filter((pid) => pid !== supervisorPid && pid !== workerPid)
          .map(processMemory)
          .filter((m): m is ProcessMemory => m !== null);
        samples.push({ supervisor, worker, others, bare: bareMemory });
        await sleep(SAMPLE_EVERY_MS);
      }
      return samples;
    };
    const settled = await sample();
    if (lateMs <= 0) return { settled, late: [] };
    progress(`${ui ? 'run --ui' : 'run'}: idle until ${lateMs / 1000} s after connecting`);
    await sleep(Math.max(0, connectedAt + lateMs - Date.now()));
    return { settled, late: await sample() };
  } finally {
    bare.stop();
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  }
}

type Figure = Record<string, unknown>;

function figuresOf(name: string, samples: RunSample[], when = ''): Record<string, Figure> {
  const m = (pick: (s: RunSample) => number): number => median(samples.map(pick));
  const bare = m((s) => s.bare.rss);
  const bareAnon = m((s) => s.bare.rssAnon);
  const supervisor = m((s) => s.supervisor.rss);
  const worker = m((s) => s.worker.rss);
  const others = m((s) => s.others.reduce((sum, o) => sum + o.rss, 0));
  const sum = m((s) => s.supervisor.rss + s.worker.rss + s.others.reduce((t, o) => t + o.rss, 0));
  const sumAnon = m((s) => s.supervisor.rssAnon + s.worker.rssAnon + s.others.reduce((t, o) => t + o.rssAnon, 0));
  const processes = (samples[0]?.others.length ?? 0) + 2;
  const figure = (value: number, base: number, target: string): Figure => ({
    value: mib(value),
    unit: 'MiB',
    baseline: mib(base),
    ratio: Math.round((value / base) * 1000) / 1000,
    target,
  });
  const note = `connected, idle${when}, no window; baseline: a bare idle Node process (RSS) at the same moments`;
  return {
    [`${name}_supervisor_rss`]: figure(supervisor, bare, `report only; ${note}`),
    [`${name}_worker_rss`]: figure(worker, bare, `≤ 50 MiB (issue 16); ${note}`),
    ...(others > 0
      ? { [`${name}_other_processes_rss`]: figure(others, bare, `report only: ${processes - 2} more`) }
      : {}),
    [`${name}_sum_rss`]: figure(
      sum,
      bare,
      `${name === 'run_ui' ? 'report only' : '≤ 100 MiB, goal 80 (issue 16)'}; all ${processes} processes; ${note}`,
    ),
    [`${name}_sum_private`]: figure(
      sumAnon,
      bareAnon,
      'report only: RssAnon (memory no other process shares), all processes; baseline: a bare Node process',
    ),
  };
}

async function main(): Promise<void> {
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  try {
    // RPORT_TRAY_BENCH_MEMORY_RUNS=run measures `run` alone (quicker, for trying options).
    const which = (process.env.RPORT_TRAY_BENCH_MEMORY_RUNS ?? 'run,run_ui').split(',');
    const none: RunSamples = { settled: [], late: [] };
    const run = which.includes('run') ? await measureRun(rportd, false, LATE_MS) : none;
    const withUi = which.includes('run_ui') ? await measureRun(rportd, true, 0) : none;
    const late = `${Math.round(LATE_MS / 60_000)} min`;
    for (const [what, samples] of [
      ['run', run.settled],
      [`run after ${late}`, run.late],
      ['run --ui', withUi.settled],
    ] as const) {
      const last = samples[samples.length - 1];
      if (last)
        progress(
          `${what}: ${[last.supervisor, last.worker, ...last.others]
            .map((p) => `${p.pid} ${mib(p.rss)} MiB (anon ${mib(p.rssAnon)}, ${p.threads} threads) ${p.command}`)
            .join(' | ')}`,
        );
    }
    const figures = {
      ...(run.settled.length > 0 ? figuresOf('run', run.settled) : {}),
      ...(run.late.length > 0 ? figuresOf('run_late', run.late, ` ${late} after connecting`) : {}),
      ...(withUi.settled.length > 0 ? figuresOf('run_ui', withUi.settled) : {}),
    };
    process.stdout.write(`${JSON.stringify({ area: 'memory', figures })}\n`);
  } finally {
    await rportd.stop();
  }
}

runMeasure('run-memory', main);
