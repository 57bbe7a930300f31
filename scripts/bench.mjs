// `npm run bench`: runs every bench/*.bench.ts in turn (each in its own Node process, so one area's
// leftovers cannot skew another's figures) and prints ONE JSON object: every figure as `area.name` with
// its value, the baseline measured in the same run and the ratio between them (null, with the reason,
// where a figure has no baseline). Progress goes to stderr; stdout carries only the report.
// A bench file prints one JSON line last: {"area": "...", "figures": {name: {value, unit, baseline?, ratio?, target?}}}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length },
  figures: {},
  errors: {},
};

/** The figure with its ratio: the bench's own, else value / baseline; null (and why) without a baseline. */
function withRatio(figure) {
  const { value, unit, baseline = null, target = null } = figure;
  let ratio = figure.ratio ?? null;
  if (ratio === null && typeof baseline === 'number' && baseline !== 0 && typeof value === 'number')
    ratio = Math.round((value / baseline) * 1000) / 1000;
  return { value, unit, baseline, ratio, target, ...(ratio === null ? { note: 'no baseline for this figure' } : {}) };
}

for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    // The soak runs for RPORT_TRAY_SOAK_MINUTES (default 30) plus its start and stop.
    timeout: (file.startsWith('soak') ? Number(process.env.RPORT_TRAY_SOAK_MINUTES ?? 30) + 15 : 15) * 60_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let parsed = null;
  try {
    parsed = JSON.parse(last);
  } catch {
    // Reported below.
  }
  if (!parsed || typeof parsed.figures !== 'object') {
    report.errors[file] = `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}; no JSON result`;
    continue;
  }
  const area = parsed.area ?? file.replace(/\.bench\.ts$/, '');
  for (const [name, figure] of Object.entries(parsed.figures)) report.figures[`${area}.${name}`] = withRatio(figure);
  process.stderr.write(`bench: ${file} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

const failed = Object.keys(report.errors).length > 0;
if (!failed) delete report.errors;
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(failed ? 1 : 0);
