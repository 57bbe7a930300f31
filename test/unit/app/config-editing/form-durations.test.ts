// A duration typed in the config form without its unit (`60`) is refused with the unit it probably
// meant; `60s`, and `60ns` when nanoseconds are really meant, are taken.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, ok, sampleConfig, type Harness } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('config form: durations', () => {
  it('refuses a bare number, naming the unit to write, and takes one with its unit', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    const bare = ok(
      await h.core.request('patchConfig', { text: doc.text, changes: { 'connection.keep_alive': '60' } }),
    );
    expect(bare.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        key: 'connection.keep_alive',
        message: 'time: missing unit in duration "60": write 60s for seconds (or 60m, 60h, 60ns)',
      }),
    );
    const saved = ok(await h.core.request('saveConfig', { text: bare.text, baseRevision: doc.revision }));
    expect(saved.saved).toBe(false);

    for (const typed of ['60s', '60ns']) {
      const draft = ok(
        await h.core.request('patchConfig', { text: doc.text, changes: { 'connection.keep_alive': typed } }),
      );
      expect(draft.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(draft.text).toContain(`keep_alive = '${typed}'`);
    }
  });
});
