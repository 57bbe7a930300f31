// Child of bench/module-cost.bench.ts: a fresh Node process (started with --expose-gc) that loads the
// specifiers given as arguments in order and prints, for each, what it added: resident memory (all, and
// the private part) and V8 heap, each read after two full collections. `intl:zone-names` stands for the
// ICU time-zone names an `Intl.DateTimeFormat({ timeZoneName })` loads.
import { readFileSync } from 'node:fs';

const anon = () => Number(/^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;
const sample = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, anon: anon(), heap: m.heapUsed };
};

const rows = [];
let before = sample();
rows.push({ spec: '(start)', ...before });
for (const spec of process.argv.slice(2)) {
  if (spec === 'intl:zone-names') {
    for (const locale of ['en-US', 'en-GB'])
      new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(new Date());
  } else {
    await import(spec);
  }
  // Let a module's start-up timers and promises run before sampling.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = sample();
  rows.push({ spec, rss: after.rss - before.rss, anon: after.anon - before.anon, heap: after.heap - before.heap });
  before = after;
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
