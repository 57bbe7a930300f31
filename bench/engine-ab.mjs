// `node bench/engine-ab.mjs <git revision> [runs]`: bundles the engine runner from <revision> (A) and from
// the working tree (B), then runs bench/engine-ab.ts `runs` times (default 3) and prints its JSON lines.
// Needs `node scripts/build.mjs --node-only` only for the working tree's own dist; this bundles itself.
import { build } from 'esbuild';
import { BENCH_BUNDLE_OPTIONS } from './bench-bundle.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [revision, runs = '3'] = process.argv.slice(2);
if (!revision) {
  console.error('usage: node bench/engine-ab.mjs <git revision> [runs]');
  process.exit(2);
}
const outDir = path.resolve('node_modules/.cache/rport-tray-engine-ab');
mkdirSync(outDir, { recursive: true });
const runner = 'test/support/engine/engine-runner.ts';
const old = mkdtempSync(path.join(tmpdir(), 'rport-engine-ab-src-'));
try {
  // The old engine with today's runner and probes (they only observe).
  const archive = execFileSync('git', ['archive', revision, 'main', 'test/support'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', old], { input: archive });
  execFileSync('cp', ['-r', 'test/support/engine/.', path.join(old, 'test/support/engine')]);
  await build({
    ...BENCH_BUNDLE_OPTIONS,
    entryPoints: [path.join(old, runner)],
    outfile: path.join(outDir, 'runner-a.cjs'),
  });
} finally {
  rmSync(old, { recursive: true, force: true });
}
await build({ ...BENCH_BUNDLE_OPTIONS, entryPoints: [runner], outfile: path.join(outDir, 'runner-b.cjs') });
await build({
  ...BENCH_BUNDLE_OPTIONS,
  entryPoints: ['bench/engine-ab.ts'],
  outfile: path.join(outDir, 'engine-ab.cjs'),
});
for (let i = 0; i < Number(runs); i++) {
  const r = spawnSync(process.execPath, [path.join(outDir, 'engine-ab.cjs')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, RUNNER_A: path.join(outDir, 'runner-a.cjs'), RUNNER_B: path.join(outDir, 'runner-b.cjs') },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
