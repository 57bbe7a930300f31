// `rport-tray config get` prints no secret unless asked: the password in auth, passwords in the server,
// fallback and proxy URLs, and the values of credential headers show as the mask without --show-secret.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import type { CliIo } from '../../../main/cli/command-types';
import { SECRET_MASK } from '../../../main/shared/secrets';

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configFile(auth = 'client1:auth-pw'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-config-get-'));
  dirs.push(dir);
  vi.stubEnv('RPORT_TRAY_POLICY', path.join(dir, 'no-policy.toml'));
  const file = path.join(dir, 'rport.conf');
  const text = [
    '[client]',
    "server = 'http://u:server-pw@rport.example.com:8080'",
    "fallback_servers = ['http://u:fallback-pw@fallback.example.com:8080']",
    `auth = '${auth}'`,
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
  it('shows every secret masked unless --show-secret', async () => {
    const file = configFile();
    const M = SECRET_MASK;
    expect(await get(file, 'client.auth')).toBe(`client1:${M}\n`);
    expect(await get(file, 'client.server')).toBe(`http://u:${M}@rport.example.com:8080\n`);
    expect(await get(file, 'client.fallback_servers')).toBe(`["http://u:${M}@fallback.example.com:8080"]\n`);
    expect(await get(file, 'client.proxy')).toBe(`http://bob:${M}@proxy.example.com:3128\n`);
    expect(await get(file, 'connection.headers')).toBe(`["Authorization: ${M}", "X-Site: Berlin"]\n`);
    expect(await get(file, 'client.auth', '--show-secret')).toBe('client1:auth-pw\n');
    expect(await get(file, 'connection.headers', '--show-secret')).toBe(
      '["Authorization: Bearer header-token", "X-Site: Berlin"]\n',
    );
  });

  it('masks a password written without its id whole', async () => {
    const file = configFile('hunter2secret');
    expect(await get(file, 'client.auth')).toBe(`${SECRET_MASK}\n`);
    expect(await get(file, 'client.auth', '--show-secret')).toBe('hunter2secret\n');
  });
});
