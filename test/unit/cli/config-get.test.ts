// `rport-tray config get` prints no secret unless asked: the password in auth, passwords in the server,
// fallback and proxy URLs, and the values of credential headers show as REDACTED without --show-secret.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import type { CliIo } from '../../../main/cli/command-types';

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-config-get-'));
  dirs.push(dir);
  vi.stubEnv('RPORT_TRAY_POLICY', path.join(dir, 'no-policy.toml'));
  const file = path.join(dir, 'rport.conf');
  const text = [
    '[client]',
    "server = 'http://u:server-pw@rport.example.com:8080'",
    "fallback_servers = ['http://u:fallback-pw@fallback.example.com:8080']",
    "auth = 'client1:auth-pw'",
    "proxy = 'http://bob:proxy-pw@proxy.example.com:3128'",
    `data_dir = ${JSON.stringify(dir)}`,
    '[connection]',
    "headers = ['Authorization: Bearer header-token', 'X-Site: Berlin']",
  ].join('\n');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

async function get(file: string, key: string, ...extra: string[]): Promise<string> {
  let out = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: () => undefined };
  expect(await runCli(['config', 'get', '--config', file, key, ...extra], io)).toBe(0);
  return out;
}

describe('rport-tray config get', () => {
  it('shows every secret as REDACTED unless --show-secret', async () => {
    const file = configFile();
    expect(await get(file, 'client.auth')).toBe('client1:REDACTED\n');
    expect(await get(file, 'client.server')).toBe('http://u:REDACTED@rport.example.com:8080\n');
    expect(await get(file, 'client.fallback_servers')).toBe('["http://u:REDACTED@fallback.example.com:8080"]\n');
    expect(await get(file, 'client.proxy')).toBe('http://bob:REDACTED@proxy.example.com:3128\n');
    expect(await get(file, 'connection.headers')).toBe('["Authorization: REDACTED", "X-Site: Berlin"]\n');
    expect(await get(file, 'client.auth', '--show-secret')).toBe('client1:auth-pw\n');
    expect(await get(file, 'connection.headers', '--show-secret')).toBe(
      '["Authorization: Bearer header-token", "X-Site: Berlin"]\n',
    );
  });
});
