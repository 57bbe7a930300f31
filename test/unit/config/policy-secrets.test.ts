import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../main/config/load-config';
import { editConfigFile } from '../../../main/config/save-config';
import { LockedKeyError } from '../../../main/config/policy';
import { MemorySecretStore, NoSecretStore } from '../../../main/config/secret-store';
import { movePasswordToKeychain, passwordOverrideFor, authExpectsKeychain } from '../../../main/config/config-secrets';
import { SECRET_MASK, maskConfig, maskConfigText } from '../../../main/shared/secrets';
import { fixtureText, DATA_DIR, parse } from './helpers';

let dir: string;
let file: string;
let policy: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-policy-'));
  file = path.join(dir, 'rport.conf');
  policy = path.join(dir, 'policy.toml');
  writeFileSync(file, fixtureText(), { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = () => ({ defaultDataDir: DATA_DIR, platform: 'linux' as const, policyPath: policy });

describe("administrator's policy", () => {
  it('pins keys: the effective config uses the policy value and lockedKeys lists them', async () => {
    writeFileSync(
      policy,
      "[client]\nserver = 'pinned.example.com:443'\ntunnel_allowed = ['10.0.0.0/8']\n[remote-commands]\nenabled = false\n",
    );
    const loaded = await loadConfig(file, opts());
    expect(loaded.config.client.server).toBe('pinned.example.com:443');
    expect(loaded.config['remote-commands'].enabled).toBe(false);
    expect(loaded.lockedKeys.sort()).toEqual(['client.server', 'client.tunnel_allowed', 'remote-commands.enabled']);
    expect(loaded.policyFile).toBe(policy);
    // The file's remotes (127.0.0.1 targets) are not allowed by the pinned tunnel_allowed: an error.
    expect(loaded.problems).toContainEqual(expect.objectContaining({ severity: 'error', key: 'client.remotes' }));
    // And the user is told their value is overridden.
    expect(loaded.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        file,
        line: 8,
        key: 'client.server',
        message: expect.stringContaining(policy),
      }),
    );
  });

  it('refuses edits of a locked key with a clear error and leaves the file alone', async () => {
    writeFileSync(policy, "[client]\nserver = 'pinned.example.com:443'\n");
    const before = readFileSync(file, 'utf8');
    const edit = editConfigFile(file, [{ op: 'set', key: 'client.server', value: 'mine:1' }], opts());
    await expect(edit).rejects.toBeInstanceOf(LockedKeyError);
    await expect(editConfigFile(file, [{ op: 'unset', key: 'Client.Server' }], opts())).rejects.toThrow(
      `client.server is locked by the administrator's policy (${policy})`,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    const other = await editConfigFile(file, [{ op: 'set', key: 'client.name', value: 'ok' }], opts());
    expect(other.saved).toBe(true);
  });

  it('reports a bad pinned value against the policy file, and fails closed on a broken policy', async () => {
    writeFileSync(policy, "[connection]\n\nkeep_alive = 'never'\n");
    const loaded = await loadConfig(file, opts());
    expect(loaded.problems).toContainEqual(
      expect.objectContaining({ file: policy, line: 3, key: 'connection.keep_alive' }),
    );
    writeFileSync(policy, '[client\n');
    const broken = await loadConfig(file, opts());
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]).toMatchObject({ file: policy, line: 1 });
  });
});

describe('secrets', () => {
  it('gives the engine the keychain password in memory when the file says auth = "id:"', async () => {
    const store = new MemorySecretStore();
    await store.setPassword(path.resolve(file), 'from-keychain');
    const p = parse('[client]\nserver = "h:1"\nauth = "clientAuth1:"\n');
    expect(authExpectsKeychain(p.config.client.auth)).toBe(true);
    expect(await passwordOverrideFor(p.config, file, store)).toBe('from-keychain');
    expect(await passwordOverrideFor(p.config, file, new NoSecretStore())).toBeUndefined();
  });

  it('moves the password from the file into the keychain, keeping comments, without leaving it on disk', async () => {
    writeFileSync(`${file}.bak`, fixtureText());
    const store = new MemorySecretStore();
    const before = readFileSync(file, 'utf8');
    expect(await movePasswordToKeychain(file, store)).toEqual({ moved: true });
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('auth = "clientAuth1:1234"', 'auth = "clientAuth1:"'));
    expect(await store.getPassword(path.resolve(file))).toBe('1234');
    expect(existsSync(`${file}.bak`)).toBe(false);
    await expect(movePasswordToKeychain(file, new NoSecretStore())).rejects.toThrow(/keychain is not available/);
  });

  it.runIf(process.platform !== 'win32')('warns when a file holding a password is readable by others', async () => {
    chmodSync(file, 0o644);
    const loaded = await loadConfig(file, opts());
    expect(loaded.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        key: 'client.auth',
        line: 23,
        message: expect.stringContaining('mode 0644'),
      }),
    );
    chmodSync(file, 0o600);
    const ok = await loadConfig(file, opts());
    expect(ok.problems.filter((p) => p.message.includes('mode'))).toEqual([]);
  });

  it('masks the auth password, proxy password and auth-like headers, in configs and raw text', () => {
    const text = fixtureText()
      .replace('clientAuth1:1234', 'clientAuth1:S3cretPw')
      .replace(
        '#proxy = "http://admin:password@my-proxy.example.com:8081"',
        'proxy = "http://admin:pr0xyPass@my-proxy.example.com:8081"',
      )
      .replace(
        "headers = ['User-Agent: rport-tray', 'X-Site: Berlin']",
        "headers = ['User-Agent: rport-tray', 'Authorization: Bearer tok3n']",
      );
    const p = parse(text);
    const redacted = maskConfig(p.config);
    expect(redacted.client.auth).toBe(`clientAuth1:${SECRET_MASK}`);
    expect(redacted.client.proxy).toBe(`http://admin:${SECRET_MASK}@my-proxy.example.com:8081`);
    expect(redacted.connection.headers).toEqual(['User-Agent: rport-tray', `Authorization: ${SECRET_MASK}`]);
    expect(p.config.client.auth).toBe('clientAuth1:S3cretPw');
    const rawRedacted = maskConfigText(text);
    for (const secret of ['S3cretPw', 'pr0xyPass', 'tok3n']) expect(rawRedacted).not.toContain(secret);
    expect(rawRedacted.split('\n').length).toBe(text.split('\n').length);
    expect(rawRedacted).toContain(`auth = "clientAuth1:${SECRET_MASK}"   # keep this file private`);
    expect(rawRedacted).toContain('## Credentials: "<client-auth-id>:<password>".');
  });
});
