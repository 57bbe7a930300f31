// `rport-tray run` up to where a transport attaches, with real files: a config with errors ends a run
// without a window (problems on stderr, nothing written) but opens one with it; and a preferences file
// that is not valid JSON (conf throws on it) gives the defaults, is kept aside byte for byte, and the run
// says so on stdout, in the window's log and in its timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleIo } from '../../../main/run/console-io';
import { openHeadlessRun, type HeadlessRunStart } from '../../../main/run/headless-run';

let dir: string;
let started: HeadlessRunStart | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-headless-run-'));
});
afterEach(async () => {
  if (started?.ok) {
    await started.app.stop();
    await started.sink.close();
  }
  started = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture(): ConsoleIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const env = { RPORT_TRAY_ENGINE_WORKER: path.join(os.tmpdir(), 'never-started-engine-worker.js') };

async function open(configFile: string, withWindow: boolean, io = capture()) {
  const dataDir = path.join(dir, 'data');
  started = await openHeadlessRun({ configFile, withWindow, env, defaultDataDir: dataDir }, io);
  return { io, dataDir, started };
}

describe('openHeadlessRun', () => {
  it('without a window, a config with errors ends the run: its problems on stderr, nothing written', async () => {
    const configFile = path.join(dir, 'rport.conf');
    fs.writeFileSync(configFile, '[client]\nserver = "127.0.0.1:1"\n\n[connection]\nkeep_alive = "soon"\n');
    const t = await open(configFile, false);
    expect(t.started.ok).toBe(false);
    expect(t.io.err).toContain(`${configFile}:5: connection.keep_alive:`);
    expect(fs.readdirSync(dir)).toEqual(['rport.conf']);
  });

  it('without a window a missing config is an error too; with one it opens the setup', async () => {
    const configFile = path.join(dir, 'missing.conf');
    const plain = await open(configFile, false);
    expect(plain.started.ok).toBe(false);
    expect(plain.io.err).toContain('cannot read the config');

    const t = await open(configFile, true);
    if (!t.started.ok) throw new Error('expected a run');
    expect(t.io.err).toBe('');
    await t.started.app.start();
    expect(t.started.app.core.status().setupNeeded).toBe(true);
    expect(t.io.out).toMatch(/INFO +cli: rport-tray run: config .*missing\.conf/);
  });

  it('falls back to the default preferences when preferences.json is not valid JSON, keeping the file', async () => {
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    const corrupt = '{"theme": "dark", "iconStyle": "monoch';
    fs.writeFileSync(path.join(dataDir, 'preferences.json'), corrupt);
    const t = await open(path.join(dir, 'missing.conf'), true);
    if (!t.started.ok) throw new Error('expected a run');
    const { app } = t.started;
    await app.start();

    const settings = await app.core.request('getPreferences');
    expect(settings).toMatchObject({ ok: true, value: { preferences: { theme: 'system', iconStyle: 'color' } } });
    const kept = fs.readdirSync(dataDir).filter((f) => f.startsWith('preferences.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, kept[0]!), 'utf8')).toBe(corrupt);
    expect(kept[0]).not.toContain(':');

    // Said on stdout, in the window's log and in its timeline.
    expect(t.io.out).toMatch(/WARN +app: the preferences file .*preferences\.json is not valid JSON/);
    const snapshot = await app.core.request('getSnapshot');
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.logs.some((l) => l.level === 'warn' && l.message.includes(kept[0]!))).toBe(true);
    expect(snapshot.value.timeline.some((e) => /preferences file .* is not valid JSON/.test(e.text))).toBe(true);

    // A change is stored in a fresh, valid file.
    await app.core.request('updatePreferences', { theme: 'dark' });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'preferences.json'), 'utf8'))).toMatchObject({
      theme: 'dark',
    });
  });
});
