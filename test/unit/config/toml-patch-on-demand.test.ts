// A config without problems is read without toml-patch: the lines it finds are looked for when a problem
// needs one (main/shared/toml-patch.ts; about 1.3 MiB RSS in the supervisor, README "Memory").
import { describe, expect, it } from 'vitest';
import { tomlPatchLoaded } from '../../../main/shared/toml-patch';
import { parse, withServer } from './helpers';

describe('toml-patch on demand', () => {
  it('is not loaded for a file without problems, and is for the first problem that names a line', () => {
    const fine = parse(withServer('[connection]\nkeep_alive = "30s"\n'));
    expect(fine.problems).toEqual([]);
    expect(fine.present).toEqual(new Set(['client.server', 'connection.keep_alive']));
    expect(tomlPatchLoaded()).toBe(false);

    const text = withServer('[connection]\nkeep_alive = "30s"\nkeep_alvie = "1m"\n');
    const withTypo = parse(text);
    expect(tomlPatchLoaded()).toBe(true);
    const typo = withTypo.problems.find((p) => p.key === 'connection.keep_alvie');
    expect(typo?.line).toBe(text.split('\n').indexOf('keep_alvie = "1m"') + 1);
  });
});
