// How a `*.bench.ts` entry runs its measurement: bundled to CommonJS first (the test rportd's ssh2
// imports only resolve in CommonJS; Node's ESM loader cannot see ssh2's named exports), then run in a
// fresh Node process whose stdout (ending with the JSON line) is the bench's result.
import { bundleEntries } from './bench-bundle.mjs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export async function runBundledMeasure(entry: string): Promise<never> {
  const name = path.basename(entry, '.ts');
  const outfile = (await bundleEntries('rport-tray-bench', { [name]: entry }))[name] as string;
  const run = spawnSync(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.exit(run.status ?? 1);
}
