// Where the TOML editor puts what it adds, byte for byte (main/config/toml-editor.ts): a new key after
// the last key of its own table (not after a comment of the next one, not in a sub-table), the table's
// indentation, a missing final newline, CRLF files, an appended section, a removed dotted root key.
import { describe, expect, it } from 'vitest';
import { applyConfigEdits, ConfigEditError } from '../../../main/config/toml-editor';
import { LockedKeyError } from '../../../main/config/policy';

const set = (text: string, key: string, value: string | boolean) => applyConfigEdits(text, [{ op: 'set', key, value }]);

describe('TOML editor layout', () => {
  it('puts a new key after the last key of its table, before a comment that belongs to the next', () => {
    const text = '[client]\nserver = "a:1"\n\n# the monitoring section\n[monitoring]\nenabled = true\n';
    expect(set(text, 'client.name', 'n')).toBe(
      '[client]\nserver = "a:1"\nname = "n"\n\n# the monitoring section\n[monitoring]\nenabled = true\n',
    );
  });

  it('skips a comment after the last key of the table itself', () => {
    const text = '[client]\n  server = "a:1"\n  # about the server\n[connection]\n';
    expect(set(text, 'client.name', 'n')).toBe(
      '[client]\n  server = "a:1"\n  name = "n"\n  # about the server\n[connection]\n',
    );
  });

  it('inserts into the [section] table, not a [section.sub] table before it', () => {
    const text = '[client.extra]\na = 1\n\n[client]\nserver = "a:1"\n';
    expect(set(text, 'client.name', 'n')).toBe('[client.extra]\na = 1\n\n[client]\nserver = "a:1"\nname = "n"\n');
  });

  it('matches the table header whatever its case', () => {
    const text = '[Client]\nserver = "a:1"\n\n[connection]\n';
    expect(set(text, 'client.name', 'n')).toBe('[Client]\nserver = "a:1"\nname = "n"\n\n[connection]\n');
  });

  it('a table without keys gets the key right under its header, unindented', () => {
    expect(set('[client]\n[connection]\n', 'client.server', 'a:1')).toBe('[client]\nserver = "a:1"\n[connection]\n');
  });

  it('ends the last line before adding after it when the file has no final newline', () => {
    expect(set('[client]\nserver = "a:1"', 'client.name', 'n')).toBe('[client]\nserver = "a:1"\nname = "n"\n');
    expect(set('[client]\nserver = "a:1"', 'monitoring.enabled', false)).toBe(
      '[client]\nserver = "a:1"\n\n[monitoring]\nenabled = false\n',
    );
  });

  it('keeps CRLF for an inserted key and an appended section', () => {
    const text = '[client]\r\nserver = "a:1"\r\n';
    expect(set(text, 'client.name', 'n')).toBe('[client]\r\nserver = "a:1"\r\nname = "n"\r\n');
    expect(set(text, 'monitoring.enabled', true)).toBe(
      '[client]\r\nserver = "a:1"\r\n\r\n[monitoring]\r\nenabled = true\r\n',
    );
  });

  it('appends a section to an empty or blank file without a leading blank line', () => {
    expect(set('', 'monitoring.enabled', true)).toBe('[monitoring]\nenabled = true\n');
    expect(set('\n', 'monitoring.enabled', true)).toBe('\n[monitoring]\nenabled = true\n');
  });

  it('removes exactly the dotted root key asked for', () => {
    const text = 'client.server = "a:1"\nclient.name = "n"\n';
    expect(applyConfigEdits(text, [{ op: 'unset', key: 'client.name' }])).toBe('client.server = "a:1"\n');
    expect(applyConfigEdits(text, [{ op: 'unset', key: 'client.server' }])).toBe('client.name = "n"\n');
    const commented = 'client.server = "a:1"\n# about the name\nclient.name = "n"\n';
    expect(applyConfigEdits(commented, [{ op: 'unset', key: 'client.name' }])).toBe(
      'client.server = "a:1"\n# about the name\n',
    );
  });

  it('names its errors, and an invalid file has no key', () => {
    try {
      applyConfigEdits('[client\n', [{ op: 'set', key: 'client.name', value: 'n' }]);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigEditError);
      expect((error as ConfigEditError).name).toBe('ConfigEditError');
      expect((error as ConfigEditError).key).toBe('');
      expect((error as ConfigEditError).message).toMatch(/^the file is not valid TOML \(line 1: /);
    }
  });

  it('an unknown key is locked whatever its spelling too', () => {
    expect(() =>
      applyConfigEdits('[a]\nb = 1\n', [{ op: 'unset', key: 'A.B' }], { lockedKeys: ['a.b'], policyFile: 'p' }),
    ).toThrow(LockedKeyError);
  });
});
