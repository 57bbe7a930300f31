// The desktop core factory over the real config service, app core and supervisor, with an in-memory
// worker host: the keychain password reaches the engine in memory only, the tray's extra switches reach
// the running supervisor (and the next run), and stop ends the worker and closes the log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDesktopCore, type DesktopCoreOptions } from '../../../main/electron/desktop-core';
import { MemorySecretStore } from '../../../main/config/secret-store';
import { secretKeyFor } from '../../../main/config/config-secrets';
import { Preferences, DEFAULT_PREFERENCES, loadConf } from '../../../main/config/preferences';
import type { LogSink } from '../../../main/logging/log-sink';
import type { LogLine } from '../../../main/shared/types/engine-types';
import { FakeWorkerHost } from '../watchdog/fake-worker-host';
import { HeadlessSettings } from '../../../main/app/settings/headless-settings';
import type { FileDialogs } from '../../../main/app/core/app-ports';

const noDialogs: FileDialogs = {
  chooseConfigFile: async () => null,
  chooseSavePath: async () => null,
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-desktop-core-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeSink() {
  const lines: LogLine[] = [];
  const scrubbers: Array<(text: string) => string> = [];
  const sink = {
    file: { configured: '', base: '', extension: '' },
    write: (line: LogLine) => lines.push(line),
    log: (level: LogLine['level'], source: string, message: string) => lines.push({ at: 0, level, source, message }),
    setLevel: () => {},
    setScrubber: (scrub: (text: string) => string) => scrubbers.push(scrub),
    recent: () => lines,
    onLine: () => () => {},
    close: vi.fn(async () => {}),
  };
  return { sink: sink as unknown as LogSink, lines, close: sink.close, scrubbers };
}

/** The desktop core over `host` and `configPath`, with what no test here looks at filled in. */
async function desktopCore(
  over: Pick<DesktopCoreOptions, 'workerHost' | 'configPath' | 'sink'> & Partial<DesktopCoreOptions>,
) {
  return createDesktopCore({
    secretStore: new MemorySecretStore(),
    preferences: new Preferences({ store: {} }),
    dataDir: dir,
    settings: new HeadlessSettings(dir, await loadConf()),
    dialogs: noDialogs,
    testConnection: async () => {
      throw new Error('not used');
    },
    ...over,
  });
}

describe('createDesktopCore', () => {
  it('starts the engine with the keychain password, forwards the tray switches, and stops cleanly', async () => {
    const configPath = path.join(dir, 'rport.conf');
    fs.writeFileSync(
      configPath,
      `[client]\nserver = "127.0.0.1:9"\nauth = "client-1:"\ndata_dir = "${dir.replace(/\\/g, '\\\\')}"\n`,
      { mode: 0o600 },
    );
    const secrets = new MemorySecretStore();
    await secrets.setPassword(secretKeyFor(configPath), 'pw-from-keychain');
    const host = new FakeWorkerHost();
    const { sink, lines, close, scrubbers } = fakeSink();
    const store = { store: { ...DEFAULT_PREFERENCES } as Record<string, unknown> };
    const handles = await desktopCore({
      workerHost: host,
      secretStore: secrets,
      preferences: new Preferences(store),
      configPath,
      sink,
    });
    // Switched before any engine runs (the tray item is greyed out then, but the choice must hold).
    handles.setRemoteCommandsBlocked(true);
    await handles.core.start();
    expect(handles.core.status().setupNeeded).toBe(false);
    const worker = host.current;
    worker.ready();
    await vi.waitFor(() => expect(worker.sent.some((c) => c.type === 'start')).toBe(true));
    const start = worker.sent.find((c) => c.type === 'start');
    expect(start).toMatchObject({
      options: { passwordOverride: 'pw-from-keychain', configPath, remoteCommandsBlocked: true },
    });
    expect(fs.readFileSync(configPath, 'utf8')).not.toContain('pw-from-keychain');
    // The log file's scrubber knows the keychain password the engine was given.
    expect(scrubbers.at(-1)!('auth failed for pw-from-keychain')).not.toContain('pw-from-keychain');

    handles.setRemoteCommandsBlocked(false);
    expect(worker.sent.at(-1)).toEqual({ type: 'block-remote-commands', blocked: false });
    handles.setRemoteCommandsBlocked(true);
    expect(worker.sent.at(-1)).toEqual({ type: 'block-remote-commands', blocked: true });

    // A saved config starts a new run: the block must carry over to it.
    const saved = await handles.core.handle('saveConfig', {
      text: `${fs.readFileSync(configPath, 'utf8')}\n# edited\n`,
    });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    await vi.waitFor(() => expect(host.workers.length).toBe(2));
    const next = host.current;
    next.ready();
    await vi.waitFor(() => expect(next.sent.some((c) => c.type === 'start')).toBe(true));
    expect(next.sent.find((c) => c.type === 'start')).toMatchObject({ options: { remoteCommandsBlocked: true } });

    handles.log('info', 'hello from the tray');
    expect(lines.some((l) => l.source === 'desktop' && l.message === 'hello from the tray')).toBe(true);

    await handles.core.stop();
    expect(next.sent.some((c) => c.type === 'stop')).toBe(true);
    // Nothing reaches a stopped worker.
    const sentBefore = next.sent.length;
    handles.setRemoteCommandsBlocked(false);
    handles.onSystemResume();
    expect(next.sent).toHaveLength(sentBefore);
    expect(close).toHaveBeenCalled();
  });

  it('waits for the setup when there is no config yet', async () => {
    const { sink } = fakeSink();
    const handles = await desktopCore({
      workerHost: new FakeWorkerHost(),
      configPath: path.join(dir, 'missing.conf'),
      sink,
    });
    await handles.core.start();
    expect(handles.core.status()).toMatchObject({ setupNeeded: true, state: 'stopped' });
    await handles.core.stop();
  });

  it('follows edits made with a text editor: valid ones restart the engine, broken ones are reported', async () => {
    const configPath = path.join(dir, 'rport.conf');
    const text = (keepAlive: string) =>
      `[client]\nserver = "127.0.0.1:9"\nauth = "c1:pw-in-file"\ndata_dir = "${dir.replace(/\\/g, '\\\\')}"\n` +
      `[connection]\nkeep_alive = '${keepAlive}'\n`;
    fs.writeFileSync(configPath, text('1m'), { mode: 0o600 });
    const host = new FakeWorkerHost();
    const { sink } = fakeSink();
    const handles = await desktopCore({ workerHost: host, configPath, sink, watchDebounceMs: 20 });
    await handles.core.start();
    host.current.ready();
    await vi.waitFor(() => expect(host.workers).toHaveLength(1));

    fs.writeFileSync(configPath, text('soon'));
    await vi.waitFor(() => expect(handles.core.status().configIssue?.line).toBe(6), { timeout: 5_000 });
    expect(host.workers).toHaveLength(1);
    expect(handles.core.status().configIssue?.message).toContain('connection.keep_alive');

    fs.writeFileSync(configPath, text('2m'));
    await vi.waitFor(() => expect(host.workers).toHaveLength(2), { timeout: 5_000 });
    expect(handles.core.status().configIssue).toBeNull();
    await handles.core.stop();
  });
});
