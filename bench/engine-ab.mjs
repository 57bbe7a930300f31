// `node bench/engine-ab.mjs <git revision> [runs]`: bundles the engine runner from <revision> (A) and from
// the working tree (B), then runs bench/engine-ab.ts `runs` times (default 3) and prints its JSON lines.
// Needs `node scripts/build.mjs --node-only` only for the working tree's own dist; this bundles itself.
import { bundleEntries } from './bench-bundle.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [revision, runs = '3'] = process.argv.slice(2);
if (!revision) {
  console.error('usage: node bench/engine-ab.mjs <git revision> [runs]');
  process.exit(2);
}
const runner = 'test/support/engine/engine-runner.ts';
const old = mkdtempSync(path.join(tmpdir(), 'rport-engine-ab-src-'));
let bundles;
try {
  // The old engine with today's runner and probes (they only observe).
  const archive = execFileSync('git', ['archive', revision, 'main', 'test/support'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', old], { input: archive });
  execFileSync('cp', ['-r', 'test/support/engine/.', path.join(old, 'test/support/engine')]);
  bundles = await bundleEntries('rport-tray-engine-ab', {
    'runner-a': path.join(old, runner),
    'runner-b': runner,
    'engine-ab': 'bench/engine-ab.ts',
  });
} finally {
  rmSync(old, { recursive: true, force: true });
}
for (let i = 0; i < Number(runs); i++) {
  const r = spawnSync(process.execPath, [bundles['engine-ab']], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, RUNNER_A: bundles['runner-a'], RUNNER_B: bundles['runner-b'] },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
