// `npm start` without network (scripts/start-electron.mjs as `npm start` runs it after the build): the
// Electron binary is missing and its download fails (a mirror on a closed loopback port, an empty cache),
// so it exits 1 saying what to do instead (the headless mode, or fetching the binary later), not
// Electron's "delete node_modules/electron". A copy of the electron package stands in for the real one,
// which is left untouched.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-start-offline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start without network', () => {
  it('exits 1 with the headless mode as the way on, when the Electron binary cannot be fetched', () => {
    const electron = path.join(dir, 'electron');
    mkdirSync(electron);
    for (const file of ['package.json', 'install.js', 'checksums.json']) {
      copyFileSync(path.resolve('node_modules/electron', file), path.join(electron, file));
    }
    // The downloader's packages resolve from the project, as they would from node_modules/electron.
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    const r = spawnSync(process.execPath, ['scripts/start-electron.mjs'], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        RPORT_TRAY_ELECTRON_PACKAGE: electron,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: path.join(dir, 'cache'),
      },
    });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('npm start: the Electron binary is not installed and could not be fetched');
    expect(r.stderr).toContain('npx rport-tray run --ui 127.0.0.1:8421');
    expect(r.stderr).toContain('Deleting node_modules/electron is not needed.');
    expect(readdirSync(electron).sort()).toEqual(['checksums.json', 'install.js', 'package.json']);
  });
});
