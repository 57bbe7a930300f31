import { describe, expect, it } from 'vitest';
import { patch, parse as patchParse } from '@decimalturn/toml-patch';
import { applyConfigEdits, ConfigEditError } from '../../../main/config/toml-editor';
import { LockedKeyError } from '../../../main/config/policy';
import { fixtureText, parse } from './helpers';
import { SECRET_MASK } from '../../../main/shared/secrets';

/** Lines that differ, as [line number, before, after], for texts with the same number of lines. */
function changedLines(a: string, b: string): [number, string, string][] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [[i + 1, line, y[i] ?? ''] as [number, string, string]]));
}

/** b is a with exactly `inserted` inserted at 1-based line `at`. */
function expectInserted(a: string, b: string, at: number, inserted: string) {
  const x = a.split('\n');
  x.splice(at - 1, 0, inserted);
  expect(b).toBe(x.join('\n'));
}

describe('comment-preserving editor', () => {
  const text = fixtureText();

  it('leaves the text byte for byte when nothing changes', () => {
    expect(applyConfigEdits(text, [])).toBe(text);
    expect(patch(text, patchParse(text))).toBe(text);
    expect(applyConfigEdits(text, [{ op: 'set', key: 'client.server', value: 'rport.example.com:8080' }])).toBe(text);
    expect(applyConfigEdits(text, [{ op: 'unset', key: 'client.bind_interface' }])).toBe(text);
  });

  it('changes only the edited value, keeping the comment on its line', () => {
    const out = applyConfigEdits(text, [{ op: 'set', key: 'client.auth', value: 'other:secret' }]);
    expect(changedLines(text, out)).toEqual([
      [
        23,
        '  auth = "clientAuth1:1234"   # keep this file private',
        '  auth = "other:secret"   # keep this file private',
      ],
    ]);
    const bool = applyConfigEdits(text, [{ op: 'set', key: 'remote-scripts.enabled', value: true }]);
    expect(changedLines(text, bool)).toEqual([[113, '  enabled = false', '  enabled = true']]);
  });

  it('matches keys case-insensitively and edits the spelling in the file', () => {
    const out = applyConfigEdits('[Client]\nServer = "a:1" # main\n', [
      { op: 'set', key: 'client.server', value: 'b:2' },
    ]);
    expect(out).toBe('[Client]\nServer = "b:2" # main\n');
  });

  it('inserts a new key after the last key of its section, with its indentation', () => {
    const out = applyConfigEdits(text, [{ op: 'set', key: 'connection.hostname', value: 'h.example.com' }]);
    expectInserted(text, out, 90, '  hostname = "h.example.com"');
    expect(parse(out).config.connection.hostname).toBe('h.example.com');
  });

  it('appends a missing section at the end', () => {
    const out = applyConfigEdits('[client]\nserver = "a:1"\n', [
      { op: 'set', key: 'connection.keep_alive', value: '5s' },
    ]);
    expect(out).toBe('[client]\nserver = "a:1"\n\n[connection]\nkeep_alive = "5s"\n');
  });

  it('removes a key with its line only; the comments around it stay', () => {
    const out = applyConfigEdits(text, [{ op: 'unset', key: 'client.name' }]);
    const lines = text.split('\n');
    expect(lines[32]).toBe('  name = "my_win_vm_1"');
    lines.splice(32, 1);
    expect(out).toBe(lines.join('\n'));
  });

  it('adds and removes array items in place, comments of the other items kept', () => {
    const added = applyConfigEdits(text, [{ op: 'add-item', key: 'client.remotes', value: '8080' }]);
    expectInserted(text, added, 49, '    "8080",');
    const removed = applyConfigEdits(text, [{ op: 'remove-item', key: 'client.fallback_servers', index: 0 }]);
    const lines = text.split('\n');
    lines.splice(11, 1);
    expect(removed).toBe(lines.join('\n'));
    expect(removed).toContain('"https://rport-fallback2.example.com", # other site');
    const byValue = applyConfigEdits(text, [{ op: 'remove-item', key: 'client.tags', value: 'server' }]);
    expect(changedLines(text, byValue)).toEqual([[37, "  tags = ['win', 'server', 'vm']", "  tags = ['win', 'vm']"]]);
  });

  it('keeps CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const out = applyConfigEdits(crlf, [
      { op: 'set', key: 'client.server', value: 'x:1' },
      { op: 'set', key: 'connection.hostname', value: 'h' },
    ]);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain('  server = "x:1"\r\n');
  });

  it('refuses unknown keys, text that is not TOML, and locked keys', () => {
    expect(() => applyConfigEdits(text, [{ op: 'set', key: 'client.nope', value: 1 }])).toThrow(ConfigEditError);
    expect(() => applyConfigEdits('[client\n', [{ op: 'set', key: 'client.server', value: 'a' }])).toThrow(/line 1/);
    const locked = () =>
      applyConfigEdits(text, [{ op: 'set', key: 'client.server', value: 'evil:1' }], {
        lockedKeys: ['client.server'],
        policyFile: '/etc/rport-tray/policy.toml',
      });
    expect(locked).toThrow(LockedKeyError);
    expect(locked).toThrow("client.server is locked by the administrator's policy (/etc/rport-tray/policy.toml)");
  });

  it('never writes the secret mask back into a secret field', () => {
    const masked = `clientAuth1:${SECRET_MASK}`;
    expect(() => applyConfigEdits(text, [{ op: 'set', key: 'client.auth', value: masked }])).toThrow(/secret mask/);
    expect(() => applyConfigEdits(text, [{ op: 'set', key: 'client.auth', value: SECRET_MASK }])).toThrow(
      /secret mask/,
    );
    const header = `Authorization: ${SECRET_MASK}`;
    expect(() => applyConfigEdits(text, [{ op: 'add-item', key: 'connection.headers', value: header }])).toThrow(
      /secret mask/,
    );
  });
});
