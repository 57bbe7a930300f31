// A preferences file that is not valid JSON, with the real conf on real files: the defaults are used,
// the file is kept aside under a name valid on every OS, and the caller is told. Errors that are not the
// file's content are thrown with the file left where it is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, loadConf, openNodePreferences, Preferences } from '../../../main/config/preferences';
import { openRecoveringPreferences } from '../../../main/config/preferences-recovery';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-prefs-recovery-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('preferences that cannot be read', () => {
  it('conf: defaults, the unreadable file kept as preferences.json.corrupt-<time>, and a message', async () => {
    const file = path.join(dir, 'preferences.json');
    fs.writeFileSync(file, '{"autoStart": fals');
    const opened = openNodePreferences(dir, await loadConf());
    expect(opened.preferences.get()).toEqual(DEFAULT_PREFERENCES);
    const keptAs = opened.recovery?.keptAs ?? '';
    expect(path.basename(keptAs)).toMatch(/^preferences\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(fs.readFileSync(keptAs, 'utf8')).toBe('{"autoStart": fals');
    expect(opened.recovery?.message).toContain(keptAs);
    expect(opened.recovery?.reason).toMatch(/not valid JSON/);

    // The fresh store works and is what the next start reads.
    opened.preferences.update({ theme: 'dark' });
    const again = openNodePreferences(dir, await loadConf());
    expect(again.recovery).toBeNull();
    expect(again.preferences.get().theme).toBe('dark');
  });

  it('a readable file is opened as it is', async () => {
    fs.writeFileSync(path.join(dir, 'preferences.json'), JSON.stringify({ ...DEFAULT_PREFERENCES, theme: 'light' }));
    const opened = openNodePreferences(dir, await loadConf());
    expect(opened.recovery).toBeNull();
    expect(opened.preferences.get().theme).toBe('light');
    expect(fs.readdirSync(dir)).toEqual(['preferences.json']);
  });

  it('throws other errors and leaves the file alone', () => {
    const file = path.join(dir, 'preferences.json');
    fs.writeFileSync(file, '{}');
    expect(() =>
      openRecoveringPreferences(file, () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      }),
    ).toThrow(/EACCES/);
    expect(fs.readdirSync(dir)).toEqual(['preferences.json']);
  });

  it('says so when the unreadable file cannot be moved aside', () => {
    const file = path.join(dir, 'missing', 'preferences.json');
    let calls = 0;
    expect(() =>
      openRecoveringPreferences(file, () => {
        calls++;
        throw new SyntaxError('not valid JSON');
      }),
    ).toThrow(/is not valid JSON and could not be moved aside/);
    expect(calls).toBe(1);
  });

  it('opens the store once more after moving the file', () => {
    const file = path.join(dir, 'preferences.json');
    fs.writeFileSync(file, 'garbage');
    let calls = 0;
    const opened = openRecoveringPreferences(
      file,
      () => {
        calls++;
        if (calls === 1) throw new SyntaxError('not valid JSON');
        return new Preferences({ store: {} });
      },
      () => new Date('2026-11-22T03:04:05.678Z'),
    );
    expect(calls).toBe(2);
    expect(opened.recovery?.keptAs).toBe(`${file}.corrupt-2026-11-22T03-04-05-678Z`);
  });
});
