// The preferences step with electron-store played by conf on real files: a readable file is used as it
// is; one that is not valid JSON gives the defaults, is kept aside, and is told in the log and a message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { DEFAULT_PREFERENCES } from '../../../../main/config/preferences';
import { recoveryNotice, setupPreferences } from '../../../../main/electron/startup/preferences';
import type { PreferencesStoreFactory } from '../../../../main/electron/storage/electron-preferences';

class ConfAsElectronStore extends Conf<Record<string, unknown>> {
  constructor(options: { cwd: string; name: string; configFileMode: number }) {
    super({ cwd: options.cwd, configName: options.name, configFileMode: options.configFileMode });
  }
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-prefs-step-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function run() {
  const deps = {
    userDataDir: dir,
    ipcMain: { removeAllListeners: vi.fn() },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) },
    Store: ConfAsElectronStore as unknown as PreferencesStoreFactory,
    log: vi.fn(),
  };
  return { deps, preferences: setupPreferences(deps) };
}

describe('setupPreferences', () => {
  it('opens the stored preferences quietly', () => {
    fs.writeFileSync(path.join(dir, 'preferences.json'), JSON.stringify({ ...DEFAULT_PREFERENCES, theme: 'dark' }));
    const { deps, preferences } = run();
    expect(preferences.get().theme).toBe('dark');
    expect(deps.log).not.toHaveBeenCalled();
    expect(deps.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(deps.ipcMain.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');
  });

  it('falls back to the defaults for a file that is not JSON, keeps it, and says so', () => {
    fs.writeFileSync(path.join(dir, 'preferences.json'), '\u0000\u0000\u0000');
    const { deps, preferences } = run();
    expect(preferences.get()).toEqual(DEFAULT_PREFERENCES);
    const kept = fs.readdirSync(dir).find((f) => f.startsWith('preferences.json.corrupt-'));
    expect(fs.readFileSync(path.join(dir, kept!), 'utf8')).toBe('\u0000\u0000\u0000');
    expect(deps.log).toHaveBeenCalledWith('warn', expect.stringContaining(kept!));
    expect(deps.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'warning' }));
  });

  it('tells the user what was reset and where the old file is', () => {
    const notice = recoveryNotice({
      file: '/u/preferences.json',
      keptAs: '/u/preferences.json.corrupt-1',
      reason: 'not valid JSON',
      message: 'm',
    });
    expect(notice.detail).toContain('/u/preferences.json.corrupt-1');
    expect(notice.detail).toMatch(/default preferences/);
  });
});
