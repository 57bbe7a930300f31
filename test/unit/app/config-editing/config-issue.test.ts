// A config that stops validating (edited on disk, or broken at start) shows as `configIssue` in the
// status, with the first error's line, until a valid config is in use again; the diagnostics zip is
// saved where a native save dialog says, owner-only.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, createHarness, ok, sampleConfig, type Harness } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('app core: config issue', () => {
  it('is raised by a broken edit on disk (engine untouched) and cleared by a good one', async () => {
    h = await createHarness(sampleConfig());
    expect(h.core.status().configIssue).toBeNull();
    writeFileSync(h.file, sampleConfig().replace("keep_alive = '1s'", "keep_alive = 'never'"));
    await h.core.configChangedOnDisk();
    const issue = h.core.status().configIssue;
    expect(issue).toMatchObject({ file: h.file, line: 10, errorCount: 1 });
    expect(issue?.message).toMatch(/^line 10: connection\.keep_alive: /);
    expect(h.supervisors).toHaveLength(1);
    expect(h.supervisor.calls).toEqual(['start']);
    const lastStatus = h.messages.filter((m) => m.event.type === 'status').at(-1)?.event;
    expect(lastStatus?.type === 'status' && lastStatus.status.configIssue?.line).toBe(10);

    writeFileSync(h.file, sampleConfig().replace("keep_alive = '1s'", "keep_alive = '2s'"));
    await h.core.configChangedOnDisk();
    expect(h.core.status().configIssue).toBeNull();
    expect(h.supervisors).toHaveLength(2);
  });

  it('is raised at start by a config with errors, and cleared by a save from the window', async () => {
    h = await createHarness(sampleConfig().replace("keep_alive = '1s'", "keep_alive = 'never'"));
    expect(h.core.status()).toMatchObject({ state: 'stopped', configIssue: { line: 10 } });
    expect(h.supervisors).toHaveLength(0);
    const doc = ok(await h.core.request('getConfig'));
    const saved = ok(
      await h.core.request('saveConfig', {
        text: doc.text.replace("keep_alive = 'never'", "keep_alive = '1s'"),
        baseRevision: doc.revision,
      }),
    );
    expect(saved.saved).toBe(true);
    expect(h.core.status().configIssue).toBeNull();
    expect(h.supervisors).toHaveLength(1);
  });
});

describe('app core: diagnostics saved through a dialog', () => {
  it('writes the zip where the user chose, owner-only, without the password; a cancel writes nothing', async () => {
    let target: string | null = null;
    const asked: string[] = [];
    h = await createHarness(sampleConfig(), {
      dialogs: {
        chooseConfigFile: async () => null,
        chooseSavePath: async (name) => {
          asked.push(name);
          return target;
        },
      },
    });
    const cancelled = ok(await h.core.request('saveDiagnostics'));
    expect(cancelled).toMatchObject({ saved: false, path: null });
    expect(asked[0]).toMatch(/^rport-tray-diagnostics-.*\.zip$/);

    target = path.join(h.dir, 'diag.zip');
    const saved = ok(await h.core.request('saveDiagnostics'));
    expect(saved).toMatchObject({ saved: true, path: target });
    const data = readFileSync(target);
    expect(saved.bytes).toBe(data.length);
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o077).toBe(0);
    const entries = unzipSync(new Uint8Array(data));
    expect(Object.keys(entries).some((n) => n.endsWith('/rport.conf'))).toBe(true);
    for (const entry of Object.values(entries)) expect(Buffer.from(entry).includes(PASSWORD)).toBe(false);
  });

  it('is not offered without native dialogs (the browser downloads exportDiagnostics instead)', async () => {
    h = await createHarness(sampleConfig());
    expect(await h.core.request('saveDiagnostics')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
