// Mutation testing of the core (issue 20): `npm run mutation`, or `npm run mutation -- --mutate <file>`
// for one file. Not part of `npm test` or CI (a full run takes long; docs/mutation.md has the figures,
// the scope and the survivors judged equivalent).
// @ts-check

/** The core: watchdog deadlines, liveness, restart budget and back-off; the engine's connection loop,
 * keep-alive, back-off, tunnel policy and state file; config decoding and validation with its rules;
 * the secrets module; the TOML editor. */
export const CORE = [
  'main/watchdog/supervisor.ts',
  'main/watchdog/progress-deadline.ts',
  'main/watchdog/liveness-watch.ts',
  'main/watchdog/staleness-watch.ts',
  'main/watchdog/self-stall-detector.ts',
  'main/watchdog/clock-jump-detector.ts',
  'main/watchdog/worker-heartbeat.ts',
  'main/watchdog/quiet-time.ts',
  'main/watchdog/restart-budget.ts',
  'main/watchdog/restart-backoff.ts',
  'main/watchdog/restart-record.ts',
  'main/watchdog/watchdog-policy.ts',
  'main/engine/engine.ts',
  'main/engine/keep-alive.ts',
  'main/engine/backoff.ts',
  'main/engine/tunnel-manager.ts',
  'main/engine/state-file.ts',
  'main/config/effective-config.ts',
  'main/config/decode-config.ts',
  'main/config/validate-config.ts',
  'main/config/rules/*.ts',
  'main/shared/secrets/*.ts',
  'main/config/toml-editor.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  mutate: CORE,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // Each mutant runs only the tests that executed its code in the initial run.
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  // main/ only (tsconfig.mutation.json): mutants live there, and a program without the tests and
  // benches checks in about half the time. A mutant that only breaks a test's types fails that test.
  tsconfigFile: 'tsconfig.mutation.json',
  // Groups unrelated mutants into one compilation: far faster, at the price of the odd type-invalid
  // mutant reaching the test runner (it then fails there: killed, not missed).
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // A 2-core machine shared with others: one test runner, one checker.
  concurrency: 1,
  // The suite's own timers are real where the code has no injected clock; a busy machine needs slack.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: {
    allowColor: false,
    reportTests: false,
    reportMutants: true,
    logTests: false,
    reportScoreTable: true,
  },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: null },
};

export default config;
