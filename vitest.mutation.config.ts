// The vitest configuration Stryker runs (`npm run mutation`, stryker.config.mjs; not used by `npm test`).
// Only tests that load the sources in-process can see a mutant: the unit tests, and the integration
// tests that start the engine from main/ against the test rportd. Tests that start the dist bundles
// (`rport-tray run`, the engine worker, the packaged app) run code Stryker never mutated, so they are
// left out here; they only cost time.
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

const DIST_BUNDLE_TESTS = [
  'test/integration/abuse/server-payloads.test.ts',
  'test/integration/abuse/web-ui-contract.test.ts',
  'test/integration/cli/bin.test.ts',
  'test/integration/cli-run/**',
  'test/integration/cli-watch-service/**',
  'test/integration/config/cli-config.test.ts',
  'test/integration/engine/os-trust-store.test.ts',
  'test/integration/engine/tunnel-close-delivery.test.ts',
  'test/integration/faults/config-corruption.test.ts',
  'test/integration/faults/data-dir.test.ts',
  'test/integration/faults/env-proxy-secrets.test.ts',
  'test/integration/faults/unreachable-and-refused.test.ts',
  'test/integration/load/**',
  'test/integration/packaging/**',
  'test/integration/watchdog/**',
];

// RPORT_TRAY_MUTATION_TESTS="glob,glob" narrows the tests to those globs. Use it rather than Stryker's
// `--testFiles`, with which Stryker 9.6 switches static mutants (module-level constants) on only after the
// module was imported, so they count as survived although the tests kill them (docs/mutation.md, note 4).
const narrowed = process.env.RPORT_TRAY_MUTATION_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    env: base.test?.env,
    setupFiles: ['test/support/setup-globals.ts'],
    environment: 'node',
    include: narrowed ?? ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // The renderer (happy-dom, .tsx) is outside the mutated scope.
    exclude: ['test/unit/renderer/**', ...DIST_BUNDLE_TESTS],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
