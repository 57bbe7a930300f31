// A valid config change reaches the engine the least disruptive way: nothing for a comment-only edit or a
// value written another way, live for what needs no new connection, a restart only for the rest; the
// draft tells the window beforehand which of these a save would be.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, ok, sampleConfig, type Harness, type LiveFakeSupervisor } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const live = (h: Harness): LiveFakeSupervisor => h.supervisor as LiveFakeSupervisor;
const timeline = (h: Harness): string[] => h.core.snapshot().timeline.map((entry) => entry.text);

describe('app core: applying a config change', () => {
  it('keeps the engine as it is for a comment-only edit on disk, or a value written another way', async () => {
    h = await createHarness(sampleConfig(), { liveConfig: true });
    writeFileSync(h.file, `${sampleConfig()}# a note\n`.replace("keep_alive = '1s'", "keep_alive = '1000ms'"));
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(1);
    expect(h.supervisor.calls).toEqual(['start']);
    expect(timeline(h).some((t) => t.includes('engine restarted'))).toBe(false);
  });

  it('applies a log level or remote-command change live, and restarts for a new server', async () => {
    h = await createHarness(sampleConfig(), { liveConfig: true });
    writeFileSync(
      h.file,
      sampleConfig('ws://127.0.0.1:9999', '[logging]\nlog_level = "debug"\n[remote-commands]\nallow = ["^uptime$"]'),
    );
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(1);
    expect(h.supervisor.calls).toEqual(['start', 'applyConfig']);
    expect(live(h).applied[0]?.logging.log_level).toBe('debug');
    expect(timeline(h)).toContain('Config changed on disk; applied without reconnecting');

    writeFileSync(h.file, sampleConfig('ws://127.0.0.2:9999'));
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(2);
    expect(h.supervisors[0]?.calls).toEqual(['start', 'applyConfig', 'stop']);
  });

  it('says in the draft what a save would do, and saves accordingly', async () => {
    h = await createHarness(sampleConfig(), { liveConfig: true });
    const doc = ok(await h.core.request('getConfig'));
    const comment = ok(await h.core.request('checkConfig', { text: `${doc.text}# note\n` }));
    expect(comment.saveEffect).toEqual({ kind: 'none', keys: [] });
    const level = ok(
      await h.core.request('patchConfig', { text: doc.text, changes: { 'logging.log_level': 'debug' } }),
    );
    expect(level.saveEffect).toEqual({ kind: 'live', keys: ['logging.log_level'] });
    const server = ok(
      await h.core.request('patchConfig', {
        text: level.text,
        changes: { 'client.server': 'ws://127.0.0.2:9999' },
      }),
    );
    expect(server.saveEffect).toEqual({ kind: 'reconnect', keys: ['client.server'] });
    const broken = ok(await h.core.request('checkConfig', { text: doc.text.replace("'1s'", "'soon'") }));
    expect(broken.saveEffect).toBeUndefined();

    const savedLive = ok(await h.core.request('saveConfig', { text: level.text, baseRevision: doc.revision }));
    expect(savedLive).toMatchObject({ saved: true, restarted: false, applied: 'live' });
    expect(h.supervisors).toHaveLength(1);
    const savedSame = ok(
      await h.core.request('saveConfig', {
        text: `${savedLive.document?.text ?? ''}# note\n`,
        baseRevision: savedLive.document?.revision,
      }),
    );
    expect(savedSame).toMatchObject({ saved: true, restarted: false, applied: 'unchanged' });
    const restarted = ok(
      await h.core.request('saveConfig', {
        text: (savedSame.document?.text ?? '').replace('ws://127.0.0.1:9999', 'ws://127.0.0.2:9999'),
        baseRevision: savedSame.document?.revision,
      }),
    );
    expect(restarted).toMatchObject({ saved: true, restarted: true, applied: 'restarted' });
    expect(h.supervisors).toHaveLength(2);
  });

  it('restarts for every change when the supervisor cannot apply one live', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    const level = ok(
      await h.core.request('patchConfig', { text: doc.text, changes: { 'logging.log_level': 'debug' } }),
    );
    expect(level.saveEffect).toEqual({ kind: 'reconnect', keys: ['logging.log_level'] });
    const saved = ok(await h.core.request('saveConfig', { text: level.text, baseRevision: doc.revision }));
    expect(saved).toMatchObject({ restarted: true, applied: 'restarted' });
  });
});
