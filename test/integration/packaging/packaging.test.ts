// The packaging check (issue 7): electron-builder packs the app for Linux (--dir) against a stub
// Electron folder made on the fly, then the asar is inspected. Fails when the config is invalid, when the
// asar lacks the main, preload, renderer or engine worker bundles, or when it holds dev-only files.
// No Electron binary and no network needed; the real installers are built by `npm run dist`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { builtinModules } from 'node:module';
import { APP_ID, EXECUTABLE_NAME, PRODUCT_NAME } from '../../../main/electron/app-identity';
import { TRAY_STATES } from '../../../main/electron/tray/tray-state';
import { allTrayIconFiles } from '../../../main/electron/tray/tray-icon-file';

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG = path.join(ROOT, 'build/electron-builder.config.cjs');
const BUILDER = path.join(ROOT, 'node_modules/.bin/electron-builder');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  homepage?: string;
  author?: string;
  desktopName?: string;
};

let work: string;
let stub: string;
let out: string;
let result: { status: number | null; output: string };
let files: string[] = [];

function makeStubElectron(dir: string): void {
  // What electron-builder copies from an Electron distribution: its binary, resources and licences.
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stub electron: not runnable" >&2\nexit 1\n', {
    mode: 0o755,
  });
  fs.writeFileSync(path.join(dir, 'version'), pkg.devDependencies.electron ?? '45.4.1');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stub');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), 'stub');
}

function pack(extraArgs: string[] = []) {
  const r = spawnSync(
    BUILDER,
    ['--linux', '--dir', '--config', CONFIG, `-c.directories.output=${out}`, '--publish', 'never', ...extraArgs],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, EB_STUB_ELECTRON: stub, CI: 'true' },
    },
  );
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** dist/chunks/*.js, relative to the repo. */
function chunkFiles(): string[] {
  const dir = path.join(ROOT, 'dist', 'chunks');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => `dist/chunks/${f}`);
}

beforeAll(() => {
  const bundles = ['dist/electron-main.js', 'dist/preload.cjs', 'dist/engine-worker.cjs', 'dist/renderer/index.html'];
  if (!bundles.every((b) => fs.existsSync(path.join(ROOT, b)))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-packaging-'));
  stub = path.join(work, 'electron-stub');
  out = path.join(work, 'release');
  makeStubElectron(stub);
  result = pack();
  const asar = path.join(out, 'linux-unpacked/resources/app.asar');
  if (fs.existsSync(asar)) files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('packaging (electron-builder --linux --dir, stub Electron)', () => {
  it('packs without errors', () => {
    expect(result.output).not.toMatch(/⨯|Invalid configuration/);
    expect(result.status, result.output).toBe(0);
    expect(fs.existsSync(path.join(out, 'linux-unpacked', EXECUTABLE_NAME))).toBe(true);
  });

  it('puts the main, preload, renderer and engine worker bundles in the asar', () => {
    for (const file of [
      '/package.json',
      '/dist/electron-main.js',
      '/dist/preload.cjs',
      '/dist/engine-worker.cjs',
      '/dist/renderer/index.html',
    ]) {
      expect(files, file).toContain(file);
    }
    expect(files.some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    // The chunks the bundles load on first use (scripts/build.mjs splits them off).
    for (const chunk of chunkFiles()) expect(files, chunk).toContain(`/${chunk}`);
    const main = path.join(ROOT, 'package.json');
    expect(JSON.parse(fs.readFileSync(main, 'utf8')).main).toBe('dist/electron-main.js');
  });

  it('holds every production dependency and no dev-only file', () => {
    const modules = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) => f.split('/'))
        .map((p) => (p[2]?.startsWith('@') ? `${p[2]}/${p[3]}` : p[2])),
    );
    for (const dep of Object.keys(pkg.dependencies)) expect(modules, `dependency ${dep}`).toContain(dep);
    for (const dev of Object.keys(pkg.devDependencies)) {
      // A dev dependency may only be present when a production dependency also needs it.
      if (!(dev in pkg.dependencies)) expect(modules, `devDependency ${dev}`).not.toContain(dev);
    }
    for (const forbidden of ['electron', 'electron-builder', 'typescript', 'vitest', 'esbuild', 'vite', 'react']) {
      expect(modules.has(forbidden), forbidden).toBe(false);
    }
    const devOnly = files.filter(
      (f) =>
        /^\/(main|preload|renderer|test|bench|scripts|build|release|coverage|node_modules\/\.bin)(\/|$)/.test(f) ||
        /\.(map|tsx?|mts|cts)$/.test(f) ||
        /^\/(tsconfig[^/]*\.json|vitest\.config\.ts|eslint\.config\.js|package-lock\.json|README\.md|\.git.*)$/.test(
          f,
        ) ||
        /\.node$/.test(f),
    );
    expect(devOnly).toEqual([]);
  });

  it('resolves every package the bundles import from inside the asar (or Node, or Electron)', () => {
    const asarPackages = new Set(
      files.filter((f) => /^\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(f)).map((f) => f.slice(14, -13)),
    );
    const builtins = new Set(builtinModules);
    for (const bundle of ['dist/electron-main.js', 'dist/engine-worker.cjs', ...chunkFiles()]) {
      const text = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require2?\(\s*)["']([^"'.$/][^"']*)["']/g)].map(
        (m) => m[1]!,
      );
      if (!bundle.startsWith('dist/chunks/')) expect(specifiers.length, bundle).toBeGreaterThan(3);
      for (const spec of specifiers) {
        if (spec.startsWith('node:') || builtins.has(spec) || spec === 'electron') continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        expect(asarPackages, `${bundle} imports ${spec}`).toContain(name);
      }
    }
    // A sandboxed preload may require nothing but electron.
    const preload = fs.readFileSync(path.join(ROOT, 'dist/preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('keeps the ssh2 files the engine verifies byte for byte', () => {
    // The table is in whichever file of the worker's graph holds the ssh2 hooks (the entry or a chunk).
    const worker = ['dist/engine-worker.cjs', ...chunkFiles()]
      .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'))
      .join('\n');
    const table = /SSH2_INTERNALS_SHA256 = \{([^}]+)\}/.exec(worker)?.[1] ?? '';
    const verified = [...table.matchAll(/"([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(verified.length).toBeGreaterThan(3);
    const asar = path.join(out, 'linux-unpacked/resources/app.asar');
    for (const file of verified) {
      const packed = extractFile(asar, `node_modules/ssh2/${file}`);
      expect(packed.equals(fs.readFileSync(path.join(ROOT, 'node_modules/ssh2', file))), file).toBe(true);
    }
  });

  it('ships the tray images and the window icon outside the asar', () => {
    const resources = path.join(out, 'linux-unpacked/resources');
    for (const file of allTrayIconFiles(TRAY_STATES)) {
      expect(fs.existsSync(path.join(resources, 'tray', file)), file).toBe(true);
    }
    expect(fs.existsSync(path.join(resources, 'app-icon.png'))).toBe(true);
  });

  it('uses the same identity as the app and enables the fuses for a release build', () => {
    const require = createRequire(import.meta.url);
    const saved = process.env.EB_STUB_ELECTRON;
    delete process.env.EB_STUB_ELECTRON;
    delete require.cache[CONFIG];
    const release = require(CONFIG) as Record<string, unknown> & {
      electronFuses: Record<string, boolean>;
      mac: { extendInfo: Record<string, unknown>; target: string[] };
      nsis: { perMachine: boolean };
      linux: { target: string[] };
      win: { target: string[] };
    };
    if (saved !== undefined) process.env.EB_STUB_ELECTRON = saved;
    delete require.cache[CONFIG];
    expect(release).toMatchObject({ appId: APP_ID, productName: PRODUCT_NAME, executableName: EXECUTABLE_NAME });
    expect(release.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(release).not.toHaveProperty('electronDist');
    expect(release.npmRebuild).toBe(false);
    expect(release.mac.extendInfo.LSUIElement).toBe(true);
    expect(release.mac.target).toEqual(['dmg', 'zip']);
    expect(release.nsis.perMachine).toBe(false);
    expect(release.win.target).toEqual(['nsis']);
    expect(release.linux.target).toEqual(['AppImage', 'deb']);
    expect(pkg.homepage && pkg.author && pkg.desktopName).toBeTruthy();
  });

  it('rejects an invalid configuration', () => {
    const bad = pack(['-c.notARealOption=1']);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/Invalid configuration|unknown property|notARealOption/);
  });
});
