import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

// The folders are layers, lowest first: a folder may import its own layer and the ones below it, never one
// above (README "How it works"). The renderer sees main only through the contract, and through the
// headless WebSocket framing (main/ui-bridge/ws-protocol.ts), whose other end is the renderer's WebSocket
// client.
const LAYERS = ['shared', 'logging', 'config', 'engine', 'watchdog', 'app', 'run', 'ui-bridge', 'cli', 'electron'];
// The desktop app (electron) and the command line (cli, which serves the web UI through ui-bridge) are
// two tops side by side: electron imports neither.
const NOT_FOR_ELECTRON = new Set(['ui-bridge', 'cli']);
const layerPolicies = LAYERS.map((layer, index) => ({
  from: { element: { type: layer } },
  allow: {
    to: {
      element: {
        types: {
          anyOf: [
            ...LAYERS.slice(0, index + 1).filter((l) => layer !== 'electron' || !NOT_FOR_ELECTRON.has(l)),
            'contract',
          ],
        },
      },
    },
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Only the Electron layer and the preload may import electron: everything else must run in plain Node.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'The renderer has no Node; talk to main through the contract.' }],
        },
      ],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: { ...globals.node } } },
  // The launcher is CommonJS (bin/package.json): no ESM loader in the long-lived `run` process; so is the
  // soak's probe, preloaded into it, and the probes' gc() helper.
  {
    files: ['bin/**/*.js', 'bench/**/*.cjs', 'test/support/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/include': ['main/**/*', 'preload/**/*', 'renderer/src/**/*'],
      'boundaries/elements': [
        // The contract comes first so that its files are `contract`, not `shared`.
        { type: 'contract', pattern: 'main/shared/contract/**', partialMatch: false },
        ...LAYERS.map((layer) => ({ type: layer, pattern: `main/${layer}/**`, partialMatch: false })),
        { type: 'preload', pattern: 'preload/**', partialMatch: false },
        { type: 'renderer', pattern: 'renderer/src/**', partialMatch: false },
      ],
      // Elements are folders; the one file of ui-bridge the renderer may import is picked out as a file
      // category (the plugin's way to single out a file inside an element).
      'boundaries/files': [{ category: 'ws-protocol', pattern: 'main/ui-bridge/ws-protocol.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // Imports inside one folder are checked too: every element may import its own type anyway, and the
          // WebSocket framing must not reach its ui-bridge siblings (see the last policy).
          checkInternals: true,
          policies: [
            ...layerPolicies,
            {
              from: { element: { type: 'contract' } },
              allow: { to: { element: { types: { anyOf: ['contract', 'shared'] } } } },
            },
            {
              from: { element: { type: 'preload' } },
              allow: { to: { element: { types: { anyOf: ['preload', 'contract'] } } } },
            },
            {
              from: { element: { type: 'renderer' } },
              allow: { to: { element: { types: { anyOf: ['renderer', 'contract'] } } } },
            },
            {
              from: { element: { type: 'renderer' } },
              allow: { to: { file: { categories: 'ws-protocol' } } },
            },
            // Last, as the last matching policy decides: the framing the renderer shares imports only the
            // contract, whatever its layer (ui-bridge) could import, so the renderer reaches nothing more.
            {
              from: { file: { categories: 'ws-protocol' } },
              disallow: { to: { element: { types: { noneOf: ['contract'] } } } },
            },
          ],
        },
      ],
    },
  },
);
