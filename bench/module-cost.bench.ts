// `npm run bench` entry for start-up costs: what loading one module adds to a fresh Node process, in
// resident memory and V8 heap, after two full collections (bench/module-cost-probe.cjs, --expose-gc).
// Rows: the Node built-ins the client uses (together), each npm package, the app's own modules bundled
// as the build bundles them (packages external), the ICU time-zone names, and the two entry bundles of
// dist/ as they start. Each package and app module is loaded after the built-ins, so its row is its own
// cost, not the built-ins' again. Median of ROUNDS fresh processes per row; the baseline is the RSS of
// the bare process (the same probe before it loads anything). Linux only (/proc/self/status).
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleZodMini } from '../scripts/bundle-zod-mini.mjs';

const ROUNDS = 5;
const PROBE = path.resolve('bench/module-cost-probe.cjs');
const OUT = path.resolve('node_modules/.cache/rport-tray-bench/modules');
const BUILTINS = [
  'node:net',
  'node:tls',
  'node:crypto',
  'node:http',
  'node:https',
  'node:zlib',
  'node:dgram',
  'node:dns',
  'node:child_process',
];
const PACKAGES = [
  'ssh2',
  'ws',
  'pino',
  'pino-roll',
  'zod',
  'smol-toml',
  '@decimalturn/toml-patch',
  'conf',
  'iconv-lite',
  'fflate',
  'https-proxy-agent',
  'socks-proxy-agent',
  'system-ca',
  'proxy-from-env',
];
/**
 * App modules, each bundled alone as the build bundles the processes (CommonJS, packages external), so a
 * row is what loading the module costs at start: what it loads on first use (a dynamic import) is not in
 * it. The second group are such first-use parts, each with what it brings along.
 */
const APP_MODULES: Record<string, string> = {
  engine: 'main/engine/engine.ts',
  remote_features: 'main/engine/remote/index.ts',
  log_sink: 'main/logging/log-sink.ts',
  config_service: 'main/config/config-service.ts',
  supervisor: 'main/watchdog/supervisor.ts',
  app_core: 'main/app/core/app-core.ts',
  // Loaded on first use:
  ssh2_hooks_loaded: 'bench/module-cost-ssh2.ts',
  remote_commands: 'main/engine/remote/commands/run-cmd-handler.ts',
  remote_upload: 'main/engine/remote/upload/upload-handler.ts',
  remote_updates: 'main/engine/remote/updates/updates-service.ts',
  remote_monitoring: 'main/engine/remote/monitoring/measurement.ts',
  contract_schemas: 'main/shared/contract/index.ts',
  preferences: 'main/config/preferences.ts',
  connection_tester: 'main/app/setup/connection-tester.ts',
  web_ui_server: 'main/ui-bridge/index.ts',
};
/** The built entries as they start: the CLI module (before a command runs) and the worker (until `ready`). */
const ENTRIES: Record<string, string> = {
  dist_cli: 'dist/cli.cjs',
  dist_engine_worker: 'dist/engine-worker.cjs',
};

interface Row {
  spec: string;
  rss: number;
  anon: number;
  heap: number;
}

function probe(specs: string[]): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    // fork: the worker entry needs an IPC channel to start (it waits for the supervisor's `start`).
    const child = fork(PROBE, specs, { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('message', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout?.on('end', () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Row[]);
      } catch {
        reject(new Error(`module-cost probe for ${specs.join(' ')} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function cost(
  specs: string[],
  lastOnly: boolean,
): Promise<{ rss: number; anon: number; heap: number; bare: number }> {
  const runs: Array<{ rss: number; anon: number; heap: number; bare: number }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const rows = await probe(specs);
    const start = rows[0] as Row;
    const counted = lastOnly ? rows.slice(-1) : rows.slice(1);
    const sum = (k: 'rss' | 'anon' | 'heap'): number => counted.reduce((t, r) => t + r[k], 0);
    runs.push({ rss: sum('rss'), anon: sum('anon'), heap: sum('heap'), bare: start.rss });
  }
  return {
    rss: median(runs.map((r) => r.rss)),
    anon: median(runs.map((r) => r.anon)),
    heap: median(runs.map((r) => r.heap)),
    bare: median(runs.map((r) => r.bare)),
  };
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('module-cost needs Linux (/proc/self/status)');
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(APP_MODULES).map(([name, file]) => [name, file])),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    plugins: [bundleZodMini],
    outdir: OUT,
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
    define: { __APP_VERSION__: '"bench"', 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  });
  const figures: Record<string, Record<string, unknown>> = {};
  const add = (name: string, c: Awaited<ReturnType<typeof cost>>, what: string): void => {
    figures[`${name}_rss`] = {
      value: mib(c.rss),
      unit: 'MiB',
      baseline: mib(c.bare),
      ratio: Math.round((c.rss / c.bare) * 1000) / 1000,
      target: `report only: ${what}; private +${mib(c.anon)} MiB, V8 heap +${mib(c.heap)} MiB; baseline: the bare process`,
    };
    process.stderr.write(
      `bench module-cost: ${name}: +${mib(c.rss)} MiB RSS (${mib(c.anon)} private, heap ${mib(c.heap)})\n`,
    );
  };
  add('node_builtins', await cost(BUILTINS, false), `Node built-ins ${BUILTINS.join(', ')}`);
  add('intl_zone_names', await cost(['intl:zone-names'], true), 'ICU time-zone names (Intl.DateTimeFormat)');
  for (const name of PACKAGES) add(`pkg_${name.replace(/[@/-]/g, '_')}`, await cost([...BUILTINS, name], true), name);
  for (const [name, file] of Object.entries(APP_MODULES)) {
    add(
      `app_${name}`,
      await cost([...BUILTINS, path.join(OUT, `${name}.cjs`)], true),
      `${file} bundled, with the packages it imports`,
    );
  }
  for (const [name, file] of Object.entries(ENTRIES)) {
    add(name, await cost([path.resolve(file)], true), `${file} as it starts, built-ins included`);
  }
  process.stdout.write(`${JSON.stringify({ area: 'module_cost', figures })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`module-cost bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
