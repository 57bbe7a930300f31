// The headless run's preferences load conf (ajv, semver: megabytes) only when something needs it: a
// window with stored preferences to show (prepare), or the first change. A run without a window never does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeadlessSettings } from '../../../../main/app/settings/headless-settings';
import { loadConf } from '../../../../main/config/preferences';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(): { dir: string; load: ReturnType<typeof vi.fn<typeof loadConf>> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-headless-settings-'));
  dirs.push(dir);
  return { dir, load: vi.fn(loadConf) };
}

describe('headless settings: conf on first use', () => {
  it('reads the defaults without loading conf and loads it for the first change', async () => {
    const { dir, load } = setup();
    const settings = new HeadlessSettings(dir, { load });
    await settings.prepare();
    expect(settings.preferences().theme).toBe('system');
    expect(load).not.toHaveBeenCalled();
    expect((await settings.update({ theme: 'dark' })).theme).toBe('dark');
    expect(settings.preferences().theme).toBe('dark');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads conf in prepare() when preferences are stored, so the first read shows them', async () => {
    const { dir, load } = setup();
    writeFileSync(path.join(dir, 'preferences.json'), JSON.stringify({ schemaVersion: 2, theme: 'light' }));
    const settings = new HeadlessSettings(dir, { load });
    await settings.prepare();
    expect(load).toHaveBeenCalledTimes(1);
    expect(settings.preferences().theme).toBe('light');
  });

  it('reads a file that appeared after the start once conf is loaded', async () => {
    const { dir, load } = setup();
    const settings = new HeadlessSettings(dir, { load });
    writeFileSync(path.join(dir, 'preferences.json'), JSON.stringify({ schemaVersion: 2, theme: 'dark' }));
    expect(settings.preferences().theme).toBe('system');
    await vi.waitFor(() => expect(settings.preferences().theme).toBe('dark'));
    expect(load).toHaveBeenCalledTimes(1);
  });
});
