// The one composition of engine supervision and app core, over the real config service, app core and
// supervisor with an in-memory worker host: a hand edit of the file is applied when valid and reported
// when not, the log sink's scrubber and level follow the config (secrets stay masked after they leave
// it), stop ends the engine and the watching, kill SIGKILLs the worker, retry without an engine is
// logged, and the tray's block switch outlives a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConf } from '../../../main/config/preferences';
import { ConfigService } from '../../../main/config/config-service';
import { MemorySecretStore } from '../../../main/config/secret-store';
import { secretKeyFor } from '../../../main/config/config-secrets';
import { HeadlessSettings } from '../../../main/app/settings/headless-settings';
import { composeSupervisedApp, type SupervisedApp } from '../../../main/run/supervised-app';
import { engineTimingFacts } from '../../../main/watchdog/engine-timing-facts';
import { readStatusFile } from '../../../main/watchdog/status-file';
import { FakeWorkerHost } from '../watchdog/fake-worker-host';
import { fakeSink } from './fake-log-sink';
import { SECRET_MASK } from '../../../main/shared/secrets';

let dir: string;
let app: SupervisedApp | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-supervised-app-'));
});
afterEach(async () => {
  await app?.stop();
  app = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const configText = (o: { keepAlive?: string; auth?: string; level?: string } = {}) =>
  `[client]\nserver = "127.0.0.1:9"\nauth = "${o.auth ?? 'c1:pw-in-file'}"\n` +
  `data_dir = ${JSON.stringify(dir)}\n` +
  `[connection]\nkeep_alive = '${o.keepAlive ?? '1m'}'\n` +
  `[logging]\nlog_level = "${o.level ?? 'info'}"\n`;

async function compose(options: { text?: string | null; secretStore?: MemorySecretStore } = {}) {
  const configPath = path.join(dir, 'rport.conf');
  if (options.text !== null) fs.writeFileSync(configPath, options.text ?? configText(), { mode: 0o600 });
  const config = new ConfigService({
    file: configPath,
    defaultDataDir: dir,
    policyPath: null,
    watchDebounceMs: 20,
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
  });
  await config.load();
  const host = new FakeWorkerHost();
  const log = fakeSink(dir);
  app = composeSupervisedApp({
    config,
    sink: log.sink,
    mode: 'headless',
    supervision: { workerHost: host, engineTiming: engineTimingFacts(), policy: { stopGraceMs: 200 } },
    settings: new HeadlessSettings(dir, await loadConf()),
    testConnection: async () => {
      throw new Error('not used');
    },
    defaultDataDir: dir,
  });
  return { app, host, configPath, ...log };
}

describe('composeSupervisedApp', () => {
  it('applies a valid hand edit and reports an invalid one, the last good config running on', async () => {
    const t = await compose();
    await t.app.start();
    t.host.current.ready();
    expect(t.host.workers).toHaveLength(1);

    fs.writeFileSync(t.configPath, configText({ keepAlive: 'soon' }));
    await vi.waitFor(() => expect(t.app.core.status().configIssue?.line).toBe(6), { timeout: 5_000 });
    expect(t.host.workers).toHaveLength(1);
    expect(t.lines.some((l) => l.level === 'error' && /changed on disk and has errors/.test(l.message))).toBe(true);

    fs.writeFileSync(t.configPath, configText({ keepAlive: '2m', level: 'debug' }));
    await vi.waitFor(() => expect(t.host.workers).toHaveLength(2), { timeout: 5_000 });
    expect(t.app.core.status().configIssue).toBeNull();
    expect(t.host.workers[0]!.sent.some((c) => c.type === 'stop')).toBe(true);
    // The sink follows the config's level.
    expect(t.levels.at(-1)).toBe('debug');
  });

  it('masks every secret it has seen in the log: the file’s, the keychain’s, and one that left the file', async () => {
    const secrets = new MemorySecretStore();
    const configPath = path.join(dir, 'rport.conf');
    await secrets.setPassword(secretKeyFor(configPath), 'pw-in-keychain');
    const t = await compose({ secretStore: secrets });
    expect(t.scrub('echo pw-in-file')).toBe(`echo ${SECRET_MASK}`);
    await t.app.start();
    t.host.current.ready();
    await vi.waitFor(() => expect(t.host.current.sent.some((c) => c.type === 'start')).toBe(true));

    // The password moves to the keychain by hand: the file says `c1:` and the old password stays masked.
    fs.writeFileSync(configPath, configText({ auth: 'c1:' }));
    await vi.waitFor(() => expect(t.host.workers).toHaveLength(2), { timeout: 5_000 });
    t.host.current.ready();
    await vi.waitFor(() =>
      expect(t.host.current.sent.find((c) => c.type === 'start')).toMatchObject({
        options: { passwordOverride: 'pw-in-keychain' },
      }),
    );
    expect(t.scrub('pw-in-file and pw-in-keychain')).toBe(`${SECRET_MASK} and ${SECRET_MASK}`);
  });

  it('writes the status file for `rport-tray status`; stop says stopped and stops watching the file', async () => {
    const t = await compose();
    await t.app.start();
    t.host.current.ready();
    expect(readStatusFile(dir)?.supervisor.workerPid).toBe(t.host.current.pid);
    await t.app.stop();
    expect(readStatusFile(dir)?.supervisor).toMatchObject({ phase: 'stopped', workerPid: null });
    fs.writeFileSync(t.configPath, configText({ keepAlive: '3m' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(t.host.workers).toHaveLength(1);
  });

  it('kill SIGKILLs a worker that ignores the stop request, without waiting for the grace', async () => {
    const t = await compose();
    await t.app.start();
    const worker = t.host.current;
    worker.ready();
    worker.obeysStop = false;
    const stopping = t.app.stop();
    t.app.kill();
    expect(worker.signals).toEqual(['SIGKILL']);
    await stopping;
  });

  it('logs a retry that has no engine to retry (the setup has not run)', async () => {
    const t = await compose({ text: null });
    await t.app.start();
    expect(t.app.core.status().setupNeeded).toBe(true);
    await t.app.retry();
    expect(t.sink.log).toHaveBeenCalledWith('warn', 'app', expect.stringMatching(/^retry: cannot retry/));
  });

  it('keeps the tray’s block switch for the next run and hands a resume to the running watchdog', async () => {
    const t = await compose();
    t.app.setRemoteCommandsBlocked(true);
    await t.app.start();
    t.host.current.ready();
    await vi.waitFor(() =>
      expect(t.host.current.sent.find((c) => c.type === 'start')).toMatchObject({
        options: { remoteCommandsBlocked: true },
      }),
    );
    t.app.setRemoteCommandsBlocked(false);
    expect(t.host.current.sent.at(-1)).toEqual({ type: 'block-remote-commands', blocked: false });
    expect(() => t.app.onSystemResume()).not.toThrow();
  });
});
