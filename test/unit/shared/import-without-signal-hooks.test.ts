// conf and electron-store (through atomically → when-exit) hook every signal at import and re-send it;
// the loaders must leave the process's signal handling as it was. Each case runs in a fresh process,
// because in a test worker these modules may already be loaded.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sigtermListeners(load: string): { before: number; after: number } {
  const code =
    `const before = process.listenerCount('SIGTERM'); ${load}; ` +
    `console.log(JSON.stringify({ before, after: process.listenerCount('SIGTERM') }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    timeout: 60_000,
    // electron-store imports `electron`, which in plain Node would try to download its binary.
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { before: number; after: number };
}

const mod = (file: string) => JSON.stringify(path.resolve(file));

describe('importing conf and electron-store without their signal hooks', () => {
  it.each([
    ['conf', 'main/config/preferences.ts', 'loadConf'],
    ['electron-store', 'main/electron/storage/electron-preferences.ts', 'loadElectronStore'],
  ])('%s: a plain import adds a SIGTERM handler; the loader leaves none', (name, file, loader) => {
    const plain = sigtermListeners(`await import('${name}')`);
    expect(plain.after).toBeGreaterThan(plain.before);
    const loaded = sigtermListeners(`await (await import(${mod(file)})).${loader}()`);
    expect(loaded.after).toBe(loaded.before);
  });
});
