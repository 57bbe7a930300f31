// Importing an rport.conf through the app core: the candidates, a preview with the file's own problems
// and lines, the copy's changes (a service's data_dir dropped), a clear refusal for what cannot be read,
// and the config in use replaced only when confirmed, kept as .bak, with the engine restarted on the copy.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, createHarness, ok, sampleConfig, type Harness } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const OTHER_PASSWORD = 'Imported-Pa55word';

function serviceConfig(extra = ''): string {
  return [
    '# the installed client (service) config',
    '[client]',
    '  server = "ws://127.0.0.1:7777"',
    `  auth = "service:${OTHER_PASSWORD}"`,
    '  data_dir = "/var/lib/rport"',
    extra,
    '',
  ].join('\n');
}

describe('app core: import candidates and preview', () => {
  it('lists the usual places that exist, never the config in use', async () => {
    h = await createHarness(sampleConfig(), {
      importCandidates: [{ path: '/etc/rport/rport.conf', readable: false }],
    });
    expect(ok(await h.core.request('findImportCandidates')).candidates).toEqual([
      { path: '/etc/rport/rport.conf', readable: false },
    ]);
    const self = await createHarness(sampleConfig());
    try {
      const own = await createHarness(null, { importCandidates: [{ path: self.file, readable: true }] });
      expect(ok(await own.core.request('findImportCandidates')).candidates).toHaveLength(1);
      await own.cleanup();
    } finally {
      await self.cleanup();
    }
  });

  it('shows the file’s problems at its own lines, what the copy changes, and that nothing would be replaced', async () => {
    h = await createHarness(null);
    const source = path.join(h.dir, 'service.conf');
    writeFileSync(source, serviceConfig("[connection]\n  keep_alive = 'often'"));
    const preview = ok(await h.core.request('previewImport', { path: source }));
    expect(preview).toMatchObject({ path: source, canImport: false, replaces: false, configPath: h.file });
    const problem = preview.problems.find((p) => p.severity === 'error');
    expect(problem).toMatchObject({ file: source, line: 7, key: 'connection.keep_alive' });
    expect(preview.notes.join(' ')).toContain('removed data_dir = "/var/lib/rport"');
    // Previewing writes nothing, and the file's password stays on this side.
    expect(existsSync(h.file)).toBe(false);
    expect(JSON.stringify(preview)).not.toContain(OTHER_PASSWORD);
  });

  it('says why a file cannot be read', async () => {
    h = await createHarness(sampleConfig());
    const missing = await h.core.request('previewImport', { path: path.join(h.dir, 'nope.conf') });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('there is no such file') },
    });
    expect(await h.core.request('previewImport', { path: h.dir })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('it is a folder') },
    });
    expect(await h.core.request('previewImport', { path: h.file })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('is the config in use already') },
    });
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      const locked = path.join(h.dir, 'root-only.conf');
      writeFileSync(locked, serviceConfig(), { mode: 0o000 });
      chmodSync(locked, 0o000);
      expect(await h.core.request('previewImport', { path: locked })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('you may not read it') },
      });
    }
  });
});

describe('app core: importing', () => {
  it('imports at first start: the copy (without the service’s data_dir) is the config, and the engine starts', async () => {
    h = await createHarness(null);
    const source = path.join(h.dir, 'service.conf');
    writeFileSync(source, serviceConfig());
    const outcome = ok(await h.core.request('importConfig', { path: source, replaceExisting: false }));
    expect(outcome).toMatchObject({ imported: true, backupPath: null });
    const text = readFileSync(h.file, 'utf8');
    expect(text).toContain('# the installed client (service) config');
    expect(text).not.toContain('/var/lib/rport');
    expect(h.core.status().setupNeeded).toBe(false);
    expect(h.supervisors).toHaveLength(1);
    expect(h.supervisor.options.config.client.server).toBe('ws://127.0.0.1:7777');
    expect(h.supervisor.options.config.client.data_dir).toBe(path.join(h.dir, 'data'));
    expect(existsSync(`${h.file}.bak`)).toBe(false);
    expect(JSON.stringify(h.messages)).not.toContain(OTHER_PASSWORD);
  });

  it('replaces the config in use only when told to, keeps it as .bak, and restarts the engine with the copy', async () => {
    h = await createHarness(sampleConfig());
    const source = path.join(h.dir, 'service.conf');
    writeFileSync(source, serviceConfig());
    const preview = ok(await h.core.request('previewImport', { path: source }));
    expect(preview).toMatchObject({ canImport: true, replaces: true, backupPath: `${h.file}.bak` });

    expect(await h.core.request('importConfig', { path: source, replaceExisting: false })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`${h.file}.bak`) },
    });
    expect(readFileSync(h.file, 'utf8')).toBe(sampleConfig());
    expect(h.supervisors).toHaveLength(1);

    const outcome = ok(await h.core.request('importConfig', { path: source, replaceExisting: true }));
    expect(outcome).toMatchObject({ imported: true, backupPath: `${h.file}.bak` });
    expect(readFileSync(`${h.file}.bak`, 'utf8')).toBe(sampleConfig());
    expect(readFileSync(h.file, 'utf8')).toContain('service:');
    expect(h.supervisors).toHaveLength(2);
    expect(h.supervisors[0]!.calls).toEqual(['start', 'stop']);
    expect(h.supervisor.options.config.client.auth).toBe(`service:${OTHER_PASSWORD}`);
    const events = h.messages.map((m) => m.event.type);
    expect(events).toContain('config-changed');
    expect(JSON.stringify(h.messages)).not.toContain(OTHER_PASSWORD);
    expect(JSON.stringify(h.messages)).not.toContain(PASSWORD);
  });

  it('does not import a file with errors', async () => {
    h = await createHarness(sampleConfig());
    const source = path.join(h.dir, 'broken.conf');
    writeFileSync(source, serviceConfig("[connection]\n  keep_alive = 'often'"));
    const outcome = ok(await h.core.request('importConfig', { path: source, replaceExisting: true }));
    expect(outcome.imported).toBe(false);
    expect(outcome.problems.some((p) => p.key === 'connection.keep_alive')).toBe(true);
    expect(readFileSync(h.file, 'utf8')).toBe(sampleConfig());
    expect(h.supervisors).toHaveLength(1);
  });
});

describe('app core: native dialogs', () => {
  it('has none in a browser window, and asks the desktop’s otherwise', async () => {
    h = await createHarness(sampleConfig());
    expect(await h.core.request('chooseImportFile')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const picked = await createHarness(sampleConfig(), {
      dialogs: { chooseConfigFile: async () => '/picked/rport.conf', chooseSavePath: async () => null },
    });
    try {
      expect(ok(await picked.core.request('chooseImportFile'))).toEqual({ path: '/picked/rport.conf' });
    } finally {
      await picked.cleanup();
    }
  });
});
