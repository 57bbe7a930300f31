// The desktop core factory over the real config service, app core and supervisor, with an in-memory
// worker host: the keychain password reaches the engine in memory only, the tray's extra switches reach
// the running supervisor (and the next run), and stop ends the worker (the quit step closes the log).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDesktopCore, type DesktopCoreOptions } from '../../../main/electron/desktop-core';
import { MemorySecretStore } from '../../../main/config/secret-store';
import { secretKeyFor } from '../../../main/config/config-secrets';
import { Preferences, DEFAULT_PREFERENCES, loadConf } from '../../../main/config/preferences';
import { fakeSink } from '../run/fake-log-sink';
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
    const { sink, lines, scrub } = fakeSink();
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
    await handles.start();
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
    expect(scrub('auth failed for pw-from-keychain')).not.toContain('pw-from-keychain');

    handles.setRemoteCommandsBlocked(false);
    expect(worker.sent.at(-1)).toEqual({ type: 'block-remote-commands', blocked: false });
    handles.setRemoteCommandsBlocked(true);
    expect(worker.sent.at(-1)).toEqual({ type: 'block-remote-commands', blocked: true });

    // A saved config that needs a reconnect (another server) starts a new run: the block must carry over.
    const saved = await handles.core.handle('saveConfig', {
      text: fs.readFileSync(configPath, 'utf8').replace('127.0.0.1:9', '127.0.0.1:10'),
    });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    await vi.waitFor(() => expect(host.workers.length).toBe(2));
    const next = host.current;
    next.ready();
    await vi.waitFor(() => expect(next.sent.some((c) => c.type === 'start')).toBe(true));
    expect(next.sent.find((c) => c.type === 'start')).toMatchObject({ options: { remoteCommandsBlocked: true } });

    await handles.stop();
    expect(next.sent.some((c) => c.type === 'stop')).toBe(true);
    // Nothing reaches a stopped worker.
    const sentBefore = next.sent.length;
    handles.setRemoteCommandsBlocked(false);
    handles.onSystemResume();
    expect(next.sent).toHaveLength(sentBefore);
    // The engine's lines reached the sink; closing it is the quit's job, after the engine stopped.
    expect(lines.some((l) => l.source === 'watchdog')).toBe(true);
    expect(sink.close).not.toHaveBeenCalled();
  });

  it('waits for the setup when there is no config yet', async () => {
    const { sink } = fakeSink();
    const handles = await desktopCore({
      workerHost: new FakeWorkerHost(),
      configPath: path.join(dir, 'missing.conf'),
      sink,
    });
    await handles.start();
    expect(handles.core.status()).toMatchObject({ setupNeeded: true, state: 'stopped' });
    await handles.stop();
  });
});
