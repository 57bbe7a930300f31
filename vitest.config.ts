import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
// Importing `electron` from plain Node would try to download its binary; with this set it returns a
// path instead, so a stray import fails fast. Electron-layer tests mock `electron` with a factory.
// The engine honours the *_PROXY variables; tests must not depend on the proxy of the machine they run
// on (a test that wants one sets it).
const noProxy = Object.fromEntries(
  ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'].map((name) => [name, '']),
);
const env = { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent', RPORT_TRAY_TEST: '1', ...noProxy };
const common = { env, setupFiles: ['test/support/setup-globals.ts'] };

export default defineConfig({
  test: {
    env,
    // 2 cores here and in CI: integration and e2e tests spawn processes and servers of their own.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          ...common,
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          ...common,
          include: ['test/unit/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          ...common,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          ...common,
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
