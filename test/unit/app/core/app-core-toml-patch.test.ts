// A client started on a config without problems runs without toml-patch (main/shared/toml-patch.ts): the
// config is read and checked, the engine started and the scrubber given the config's secrets; the first
// window request for the config document loads it.
import { afterEach, describe, expect, it } from 'vitest';
import { tomlPatchLoaded } from '../../../../main/shared/toml-patch';
import { PASSWORD, createHarness, sampleConfig, type Harness } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('app core start without toml-patch', () => {
  it('starts the engine without it, then loads it for the config document', async () => {
    h = await createHarness(sampleConfig());
    expect(h.supervisor.calls).toEqual(['start']);
    expect(tomlPatchLoaded()).toBe(false);
    const document = await h.core.getConfig();
    expect(tomlPatchLoaded()).toBe(true);
    expect(document.text).not.toContain(PASSWORD);
    expect(document.exists).toBe(true);
  });
});
