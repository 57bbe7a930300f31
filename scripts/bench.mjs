// `npm run bench`: runs every bench/*.bench.ts in turn (each in its own Node process, so one area's
// leftovers cannot skew another's figures) and prints one JSON object: each figure with its baseline,
// measured in the same run, and the ratio between them.
// A bench file prints one JSON line on stdout: {"area": "...", "figures": {name: {value, unit, baseline?, ratio?, target?}}}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const report = { date: new Date().toISOString(), node: process.version, areas: {} };
let failed = false;
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(last);
    report.areas[parsed.area ?? file] = parsed.figures;
  } catch {
    failed = true;
    report.areas[file] = { error: `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}; no JSON result` };
  }
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(failed ? 1 : 0);
