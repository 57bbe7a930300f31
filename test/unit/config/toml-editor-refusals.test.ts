// The TOML editor's refusals at their exact edges (main/config/toml-editor.ts): list indexes one step
// either side of the ends, malformed key names, a section that is not a table, locked keys and the
// secret mask. A refused edit throws and changes nothing.
import { describe, expect, it } from 'vitest';
import { applyConfigEdits, ConfigEditError } from '../../../main/config/toml-editor';
import { LockedKeyError } from '../../../main/config/policy';
import { SECRET_MASK } from '../../../main/shared/secrets';

const TEXT = [
  '[client]',
  '  server = "a.example.com:8080"',
  '  fallback_servers = ["b.example.com:8080", "c.example.com:8080", "d.example.com:8080"]',
  '',
].join('\n');

const servers = (text: string): string => /fallback_servers = (.*)/.exec(text)?.[1] ?? '';

function refusal(edit: Parameters<typeof applyConfigEdits>[1][number]): ConfigEditError {
  try {
    applyConfigEdits(TEXT, [edit]);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigEditError);
    return error as ConfigEditError;
  }
  throw new Error('the edit was not refused');
}

describe('TOML editor refusals', () => {
  it('removes the first and the last item; refuses index -1 and the length', () => {
    const key = 'client.fallback_servers';
    expect(servers(applyConfigEdits(TEXT, [{ op: 'remove-item', key, index: 0 }]))).toBe(
      '["c.example.com:8080", "d.example.com:8080"]',
    );
    expect(servers(applyConfigEdits(TEXT, [{ op: 'remove-item', key, index: 2 }]))).toBe(
      '["b.example.com:8080", "c.example.com:8080"]',
    );
    for (const index of [-1, 3]) {
      const error = refusal({ op: 'remove-item', key, index });
      expect(error.key).toBe(key);
      expect(error.message).toBe('client.fallback_servers has no such item');
    }
  });

  it('removes an item by value; a value not in the list, or neither index nor value, is refused', () => {
    const key = 'client.fallback_servers';
    expect(servers(applyConfigEdits(TEXT, [{ op: 'remove-item', key, value: 'd.example.com:8080' }]))).toBe(
      '["b.example.com:8080", "c.example.com:8080"]',
    );
    expect(refusal({ op: 'remove-item', key, value: 'e.example.com:8080' }).message).toBe(
      'client.fallback_servers has no such item',
    );
    expect(refusal({ op: 'remove-item', key }).message).toBe('client.fallback_servers has no such item');
    // An index wins over a value.
    expect(servers(applyConfigEdits(TEXT, [{ op: 'remove-item', key, index: 0, value: 'd.example.com:8080' }]))).toBe(
      '["c.example.com:8080", "d.example.com:8080"]',
    );
  });

  it('refuses list edits on a key that is not a list, or not in the file', () => {
    expect(refusal({ op: 'add-item', key: 'client.server', value: 'x' }).message).toBe('client.server is not a list');
    expect(refusal({ op: 'remove-item', key: 'client.server', index: 0 }).message).toBe(
      'client.server is not a list in this file',
    );
    expect(refusal({ op: 'remove-item', key: 'client.tags', index: 0 }).message).toBe(
      'client.tags is not a list in this file',
    );
  });

  it('adds the first item of a list the file does not have as a new one-item list', () => {
    const out = applyConfigEdits(TEXT, [{ op: 'add-item', key: 'client.tags', value: 'tray' }]);
    expect(out).toContain('  tags = ["tray"]\n');
  });

  it('needs section.key: a name without a dot, or with nothing before or after it, is refused', () => {
    for (const key of ['server', '.server', 'client.']) {
      const error = refusal({ op: 'set', key, value: 'x' });
      expect(error.key).toBe(key);
      expect(error.message).toBe(`"${key}" is not a section.key name`);
    }
    // The shortest valid name is accepted (unknown, so refused for that reason instead).
    expect(refusal({ op: 'set', key: 'a.b', value: 'x' }).message).toBe('unknown key "a.b"');
  });

  it('unsetting an unknown key or one the file lacks changes nothing', () => {
    expect(applyConfigEdits(TEXT, [{ op: 'unset', key: 'a.b' }])).toBe(TEXT);
    expect(applyConfigEdits(TEXT, [{ op: 'unset', key: 'client.tags' }])).toBe(TEXT);
    expect(applyConfigEdits(TEXT, [{ op: 'unset', key: 'connection.keep_alive' }])).toBe(TEXT);
  });

  it('refuses a key whose section is not a table', () => {
    const text = 'client = "x"\n';
    expect(() => applyConfigEdits(text, [{ op: 'set', key: 'client.server', value: 'y' }])).toThrow(
      new ConfigEditError('client.server', '"client" is not a table'),
    );
  });

  it('refuses locked keys whatever their spelling, naming the policy file', () => {
    const options = { lockedKeys: ['client.server'], policyFile: '/etc/rport-tray/policy.toml' };
    for (const key of ['client.server', 'Client.Server']) {
      expect(() => applyConfigEdits(TEXT, [{ op: 'set', key, value: 'x:1' }], options)).toThrow(LockedKeyError);
      expect(() => applyConfigEdits(TEXT, [{ op: 'set', key, value: 'x:1' }], options)).toThrow(
        /\/etc\/rport-tray\/policy\.toml/,
      );
    }
    expect(() =>
      applyConfigEdits(TEXT, [{ op: 'set', key: 'client.server', value: 'x:1' }], { lockedKeys: ['client.server'] }),
    ).toThrow(/the policy file/);
    expect(applyConfigEdits(TEXT, [{ op: 'set', key: 'client.fallback_servers', value: [] }], options)).not.toBe(TEXT);
  });

  it('refuses the secret mask in a secret field, also as a list item; elsewhere it is plain text', () => {
    const error = refusal({ op: 'set', key: 'client.auth', value: SECRET_MASK });
    expect(error.message).toBe(`refusing to write the secret mask ${SECRET_MASK} into client.auth`);
    expect(() =>
      applyConfigEdits(TEXT, [{ op: 'add-item', key: 'connection.headers', value: `Authorization: ${SECRET_MASK}` }]),
    ).toThrow(/refusing to write the secret mask/);
    expect(applyConfigEdits(TEXT, [{ op: 'set', key: 'client.name', value: SECRET_MASK }])).toContain(SECRET_MASK);
  });

  it('a refused edit in a batch leaves the text unchanged (nothing half-applied is returned)', () => {
    expect(() =>
      applyConfigEdits(TEXT, [
        { op: 'set', key: 'client.server', value: 'z.example.com:8080' },
        { op: 'remove-item', key: 'client.fallback_servers', index: 3 },
      ]),
    ).toThrow(ConfigEditError);
  });
});
