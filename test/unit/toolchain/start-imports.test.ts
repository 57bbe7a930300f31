// What each process loads when it starts, from the module graph esbuild builds the bundles from (its
// metafile; scripts/build.mjs): the packages and app modules imported statically by the `rport-tray`
// command (the supervisor of `run`) and by the engine worker. What a feature needs is loaded with a
// dynamic import() when it is first used (README "Memory"); a static import of it would quietly put its
// megabytes back into every process, so this fails then.
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

let metafile: Metafile;

beforeAll(async () => {
  const result = await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    packages: 'external',
    outdir: 'dist-start-imports-check',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { __APP_VERSION__: '"test"' },
    entryPoints: {
      cli: 'main/cli/cli.ts',
      'engine-worker': 'main/watchdog/worker-entry.ts',
      'electron-main': 'main/electron/electron-main.ts',
    },
  });
  metafile = result.metafile;
}, 60_000);

/** Source files and packages an entry loads before its first dynamic import runs. */
function atStart(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of metafile.inputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) {
        if (!i.path.startsWith('node:')) packages.add(i.path);
      } else {
        visit(i.path);
      }
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages].sort() };
}

/** Source files and packages an entry can ever load: static imports and every dynamic import() too. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of metafile.inputs[file]?.imports ?? []) {
      if (i.external) packages.add(i.path);
      else visit(i.path);
    }
  };
  visit(entry);
  return { files, packages };
}

/** The only zod an app process may load: the mini build and its English messages, which the build bundles
 *  (scripts/bundle-zod-mini.mjs) through the one home main/shared/contract/zod-mini.ts. */
const ZOD_MINI = ['zod/mini', 'zod/v4/locales/en.js'];

describe('what a process loads at start', () => {
  it('the engine worker: the client and its transport only; every remote feature on first use', () => {
    const { files, packages } = atStart('main/watchdog/worker-entry.ts');
    expect(packages).toEqual(expect.arrayContaining(['ws']));
    for (const lazy of [
      'zod',
      'zod/mini',
      'iconv-lite',
      'conf',
      'pino',
      'pino-roll',
      'fflate',
      'smol-toml',
      '@decimalturn/toml-patch',
      'system-ca',
    ]) {
      expect(packages, lazy).not.toContain(lazy);
    }
    // The feature set's index, its loader, the tiny registry of running commands, and the delivery of
    // command results kept from an earlier run (it runs on every connection; node built-ins only).
    const atStartToo = [
      'index',
      'lazy-feature',
      'commands/running-commands',
      'commands/result-delivery',
      'commands/pending-results',
      'shared/activity-id',
      'shared/replies',
    ];
    const remote = files.filter(
      (f) => f.startsWith('main/engine/remote/') && !atStartToo.some((name) => f === `main/engine/remote/${name}.ts`),
    );
    expect(remote).toEqual([]);
    expect(files).not.toContain('main/engine/client-attributes-json.ts');
    expect(files).not.toContain('main/engine/payload-schema.ts');
    expect(files).not.toContain('main/shared/contract/zod-mini.ts');
  });

  it('the engine worker never loads the classic zod package: its payload schemas use the mini build the build bundles', () => {
    const { files, packages } = reachable('main/watchdog/worker-entry.ts');
    expect(files).toContain('main/engine/payload-schema.ts');
    expect([...packages].filter((p) => p.startsWith('zod')).sort()).toEqual(ZOD_MINI);
  });

  it.each([
    ['the supervisor (`rport-tray run`, `run --ui`)', 'main/cli/cli.ts', ['main/ui-bridge/ws-protocol.ts']],
    ['the Electron main process', 'main/electron/electron-main.ts', []],
  ])(
    '%s never loads the classic zod package: the contract, framing and preferences use the mini build',
    (_, entry, more) => {
      const { files, packages } = reachable(entry);
      for (const user of [
        'main/shared/contract/validation.ts',
        'main/config/preferences.ts',
        'main/app/setup/connection-tester.ts',
        ...more,
      ]) {
        expect(files, user).toContain(user);
      }
      expect([...packages].filter((p) => p.startsWith('zod')).sort()).toEqual(ZOD_MINI);
    },
  );

  it('the supervisor: config, log, watchdog and app core; no engine dialer, web UI, zod or conf until used', () => {
    const { files, packages } = atStart('main/cli/cli.ts');
    for (const lazy of ['zod', ...ZOD_MINI, 'ws', 'ssh2', 'conf', 'pino', 'pino-roll', 'fflate', 'iconv-lite']) {
      expect(packages, lazy).not.toContain(lazy);
    }
    for (const lazy of [
      'main/engine/dial.ts',
      'main/engine/connection-test.ts',
      'main/app/setup/connection-tester.ts',
      'main/ui-bridge/web-ui-server.ts',
      'main/app/view-state/diagnostics-export.ts',
      'main/config/preferences.ts',
      'main/shared/contract/validation.ts',
      'main/shared/contract/zod-mini.ts',
    ]) {
      expect(files, lazy).not.toContain(lazy);
    }
  });
});
