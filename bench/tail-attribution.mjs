// `node bench/tail-attribution.mjs`: bundles the working tree's engine runner and bench/tail-attribution.ts,
// records the scheduler (sched_waking, sched_switch on every CPU, CLOCK_MONOTONIC) with `perf` while the
// round trips run, and prints where the slowest 1 % of them spent their time (see the .ts file's header).
// Needs `perf` and the rights to record tracepoints system-wide (root, or kernel.perf_event_paranoid -1).
// TAIL_IDLE=<ms> (default 20000) idles first as the README's A/B runs do; TAIL_RTT sizes the 6 blocks.
import { bundleEntries } from './bench-bundle.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const { runner, 'tail-attribution': tool } = await bundleEntries('rport-tray-tail-attribution', {
  runner: 'test/support/engine/engine-runner.ts',
  'tail-attribution': 'bench/tail-attribution.ts',
});

// TAIL_KEEP=<dir> keeps perf's data, its text and the trips there (to analyze again) instead of a temporary dir.
const keep = process.env.TAIL_KEEP;
const work = keep ? path.resolve(keep) : mkdtempSync(path.join(tmpdir(), 'rport-tail-attribution-'));
mkdirSync(work, { recursive: true });
// perf script warns about every event type the -F fields do not fit; its stderr is shown only if it fails.
const run = (command, args, stdout = 'inherit', stderr = 'inherit') => {
  const r = spawnSync(command, args, { stdio: ['ignore', stdout, stderr], encoding: 'utf8' });
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args[0]} exited with ${r.status}\n${r.stderr ?? ''}`);
};
try {
  const [data, trips, text] = ['sched.data', 'trips.json', 'sched.txt'].map((f) => path.join(work, f));
  const events = ['sched:sched_waking', 'sched:sched_switch'].flatMap((e) => ['-e', e]);
  run('perf', [
    'record',
    '-q',
    '-a',
    '-k',
    'CLOCK_MONOTONIC',
    ...events,
    '-o',
    data,
    '--',
    process.execPath,
    tool,
    'drive',
    runner,
    trips,
  ]);
  const fd = openSync(text, 'w');
  try {
    run('perf', ['script', '-i', data, '-F', 'comm,tid,pid,cpu,time,event,trace', '--ns'], fd, 'pipe');
  } finally {
    closeSync(fd);
  }
  run(process.execPath, [tool, 'analyze', text, trips]);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
