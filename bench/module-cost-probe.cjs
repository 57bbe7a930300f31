// Child of bench/module-cost.bench.ts: a fresh Node process (started with --expose-gc) that loads the
// modules given as arguments, all but the last together, then the last, and prints what each step added:
// resident memory (all, and the private part) and V8 heap, each read after two full collections once
// things settled. CommonJS and require(), as the app's processes load their code: an import() of
// CommonJS would add Node's ESM loader and its CommonJS export scanner (a WebAssembly module) to the
// first row. `intl:zone-names` stands for the ICU time-zone names an `Intl.DateTimeFormat({ timeZoneName })`
// loads.
'use strict';
const { readFileSync } = require('node:fs');

const anon = () => Number(/^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;
const sample = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, anon: anon(), heap: m.heapUsed };
};
// Module start-up timers and promises, and V8's background compilation, settle before each sample.
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

const load = (spec) => {
  if (spec === 'intl:zone-names') {
    for (const locale of ['en-US', 'en-GB'])
      new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(new Date());
  } else {
    require(spec);
  }
};

/** Loads all but the last module first (one row), then the last (its own row). */
async function main() {
  const specs = process.argv.slice(2);
  const last = specs.pop();
  await settle();
  const start = sample();
  for (const spec of specs) load(spec);
  await settle();
  const preloaded = sample();
  load(last);
  await settle();
  const after = sample();
  const delta = (a, b) => ({ rss: b.rss - a.rss, anon: b.anon - a.anon, heap: b.heap - a.heap });
  process.stdout.write(
    `${JSON.stringify([
      { spec: '(start)', ...start },
      { spec: specs.join(' '), ...delta(start, preloaded) },
      { spec: last, ...delta(preloaded, after) },
    ])}\n`,
  );
}

main();
