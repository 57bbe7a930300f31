// `rport-tray check` and `rport-tray config` as a user runs them: real processes via bin/rport-tray.js.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SECRET_MASK } from '../../../main/shared/secrets';

const bin = path.resolve('bin/rport-tray.js');
const fixture = readFileSync(path.resolve('test/fixtures/config/rport.example.conf'), 'utf8');
let dir: string;
let policy: string;

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    input,
    env: { ...process.env, RPORT_TRAY_POLICY: policy, XDG_DATA_HOME: path.join(dir, 'xdg') },
  });
}

function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

// No rebuild here: `npm test` builds first (and bin/rport-tray.js builds a missing dist/cli.cjs), while a
// rebuild would rewrite dist/ bundles under the tests running beside this one.
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-cli-config-'));
  policy = path.join(dir, 'no-policy.toml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rport-tray check', () => {
  it('accepts the realistic example and exits 0', () => {
    const file = configFile('ok.conf', fixture);
    const r = cli(['check', '--config', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${file}: ok\n`);
    expect(r.status).toBe(0);
  });

  it('prints every problem as FILE:LINE: key: message and exits 3', () => {
    const file = configFile(
      'bad.conf',
      "[client]\nserver = 'h:1'\nproxy = 'https://p:1'\nnmae = 'x'\n[connection]\nkeep_alive = 'soon'\n[logging]\nlog_level = 'loud'\n",
    );
    const r = cli(['check', '--config', file]);
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:4: client.nmae: warning: unknown key "nmae" in [client] (ignored); did you mean "name"?`,
      `${file}:6: connection.keep_alive: time: invalid duration "soon"`,
      `${file}:8: logging.log_level: invalid log level: "loud"`,
      `${file}:3: client.proxy: https proxies not (yet) supported`,
    ]);
  });

  it('refuses the server addresses the engine refuses, with the engine’s message (no doubled prefix)', () => {
    const file = configFile('servers.conf', "[client]\nserver = 'http://h:99999'\nfallback_servers = ['ftp://h']\n");
    const r = cli(['check', '--config', file]);
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:2: client.server: invalid server address: invalid port "99999": must be 1 to 65535`,
      `${file}:3: client.fallback_servers: invalid fallback server address: unsupported scheme "ftp": use http://, https://, ws:// or wss://`,
    ]);
  });

  it('takes the file as a positional argument too', () => {
    const file = configFile('positional.conf', fixture);
    const r = cli(['check', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${file}: ok\n`);
    expect(r.status).toBe(0);
    const two = cli(['check', file, '--config', path.join(dir, 'other.conf')]);
    expect(two.status).toBe(2);
    expect(two.stderr).toBe(
      `rport-tray check: two config files given: ${file} and --config ${path.join(dir, 'other.conf')}\n` +
        'see: rport-tray check --help\n',
    );
  });

  it('checks the default config (<data folder>/rport.conf) without a file argument', () => {
    const folder = path.join(dir, 'xdg', 'rport-tray');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'rport.conf');
    writeFileSync(file, "[client]\nserver = 'h:1'\n", { mode: 0o600 });
    const r = cli(['check']);
    expect(r.stdout).toBe(`${file}: ok\n`);
    expect(r.status).toBe(0);
    rmSync(file);
    const missing = cli(['check']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain(`${file}: cannot read the config: ENOENT`);
  });

  it('refuses a proxy scheme the client cannot dial (only http, socks and socks5h work)', () => {
    const file = configFile('proxy.conf', "[client]\nserver = 'h:1'\nproxy = 'ftp://x'\n");
    const r = cli(['check', '--config', file]);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      `${file}:3: client.proxy: unsupported proxy scheme: ftp:// (only http://, socks:// and socks5h:// proxies ` +
        'work; write http://host:port for an HTTP proxy)\n',
    );
    for (const ok of ['http://p:3128', 'socks5h://p:1080', 'socks://p:1080']) {
      writeFileSync(file, `[client]\nserver = 'h:1'\nproxy = '${ok}'\n`, { mode: 0o600 });
      expect(cli(['check', '--config', file]).status).toBe(0);
    }
  });

  it('prints warnings but exits 0 when there is no error', () => {
    const file = configFile('warn.conf', "[client]\nserver = 'h:1'\n[monitoring]\ninterval = '10s'\n");
    const r = cli(['check', '--config', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`${file}:4: monitoring.interval: warning: 10s is below the 60s minimum; 60s is used\n`);
    expect(r.stdout).toBe(`${file}: ok (1 warning)\n`);
  });
});

describe('rport-tray config get|set|unset', () => {
  it('gets effective values, hiding the password unless --show-secret', () => {
    const file = configFile('get.conf', fixture);
    expect(cli(['config', 'get', '--config', file, 'client.server']).stdout).toBe('rport.example.com:8080\n');
    expect(cli(['config', 'get', '--config', file, 'connection.keep_alive']).stdout).toBe('3m0s\n');
    expect(cli(['config', 'get', '--config', file, 'client.tags']).stdout).toBe('["win", "server", "vm"]\n');
    expect(cli(['config', 'get', '--config', file, 'client.use_system_id']).stdout).toBe('true\n');
    expect(cli(['config', 'get', '--config', file, 'client.auth']).stdout).toBe(`clientAuth1:${SECRET_MASK}\n`);
    expect(cli(['config', 'get', '--config', file, 'client.auth', '--show-secret']).stdout).toBe('clientAuth1:1234\n');
    const unknown = cli(['config', 'get', '--config', file, 'client.nope']);
    expect(unknown.status).toBe(2);
  });

  it('sets a value changing only its line, keeps a 0600 backup, and parses TOML literals', () => {
    const file = configFile('set.conf', fixture);
    const r = cli(['config', 'set', '--config', file, 'client.server', 'new.example.com:9000']);
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      fixture.replace('server = "rport.example.com:8080"', 'server = "new.example.com:9000"'),
    );
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(fixture);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(cli(['config', 'set', '--config', file, 'client.tags', '["a","b"]']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("  tags = ['a', 'b']");
    expect(cli(['config', 'set', '--config', file, 'remote-scripts.enabled', 'true']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('[remote-scripts]\n  enabled = true');
    expect(cli(['config', 'set', '--config', file, 'client.auth', '-'], 'clientAuth1:fromStdin\n').status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('auth = "clientAuth1:fromStdin"   # keep this file private');
  });

  it('refuses a value that would make the config invalid (exit 3) and leaves the file alone', () => {
    const file = configFile('invalid.conf', fixture);
    const r = cli(['config', 'set', '--config', file, 'connection.keep_alive', 'whenever']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${file}:77: connection.keep_alive: time: invalid duration "whenever"`);
    expect(readFileSync(file, 'utf8')).toBe(fixture);
  });

  it('refuses a bare number for a duration (Go reads nanoseconds) unless the unit says so', () => {
    const file = configFile('duration.conf', fixture);
    const r = cli(['config', 'set', '--config', file, 'connection.keep_alive', '60']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      'rport-tray config: connection.keep_alive: 60 has no unit, and the Go client reads a bare number as ' +
        'nanoseconds: write 60s for seconds (or 60m, 60h), or 60ns if nanoseconds are meant\n',
    );
    expect(readFileSync(file, 'utf8')).toBe(fixture);
    expect(cli(['config', 'set', '--config', file, 'connection.keep_alive', '60s']).status).toBe(0);
    expect(cli(['config', 'get', '--config', file, 'connection.keep_alive']).stdout).toBe('1m0s\n');
    expect(cli(['config', 'set', '--config', file, 'connection.keep_alive_timeout', '90000000000ns']).status).toBe(0);
    expect(cli(['config', 'get', '--config', file, 'connection.keep_alive_timeout']).stdout).toBe('1m30s\n');
    expect(cli(['config', 'set', '--config', file, 'client.updates_interval', '0']).status).toBe(0);
  });

  it('refuses an auth without its id, and sets only the password with set-password', () => {
    const file = configFile('auth.conf', fixture);
    for (const value of ['-', ':only-password']) {
      const r = cli(['config', 'set', '--config', file, 'client.auth', value], 'only-password\n');
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^rport-tray config: client\.auth: .*empty id/);
      expect(r.stderr).toContain('rport-tray config set-password');
      expect(r.stderr).not.toContain('only-password');
      expect(readFileSync(file, 'utf8')).toBe(fixture);
    }
    const r = cli(['config', 'set-password', '--config', file], 'n3w-Pass\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      fixture.replace('auth = "clientAuth1:1234"', 'auth = "clientAuth1:n3w-Pass"'),
    );
    const empty = cli(['config', 'set-password', '--config', file], '');
    expect(empty.status).toBe(2);
    const noId = configFile('auth-no-id.conf', "[client]\nserver = 'h:1'\n");
    const refused = cli(['config', 'set-password', '--config', noId], 'pw\n');
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('client.auth is not set, so there is no client-auth id to keep');
  });

  it('refuses a server address the engine would refuse (exit 3) and leaves the file alone', () => {
    const file = configFile('invalid-server.conf', fixture);
    const r = cli(['config', 'set', '--config', file, 'client.server', ' example.com ']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      `client.server: invalid server address: parse "http:// example.com ": invalid character " " in host name`,
    );
    expect(readFileSync(file, 'utf8')).toBe(fixture);
  });

  it('unsets a key (the default applies again) with the comment above it kept', () => {
    const file = configFile('unset.conf', fixture);
    expect(cli(['config', 'unset', '--config', file, 'client.name']).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('name = "my_win_vm_1"');
    expect(text).toContain("## A name shown in the server's UI");
    expect(cli(['config', 'get', '--config', file, 'client.name']).stdout).toBe('\n');
  });

  it('refuses to unset an unknown key the file does not hold, with a guess; removes a misspelt one it does', () => {
    const file = configFile('unset-unknown.conf', fixture);
    const r = cli(['config', 'unset', '--config', file, 'client.nmae']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'rport-tray config: unknown key "client.nmae"; did you mean "client.name"?\nsee: rport-tray config --help\n',
    );
    const get = cli(['config', 'get', '--config', file, 'keep_alive']);
    expect(get.status).toBe(2);
    expect(get.stderr).toContain('unknown key "keep_alive"; did you mean "connection.keep_alive"?');

    const typo = configFile('unset-typo.conf', "[client]\nserver = 'h:1'\nnmae = 'x'\n");
    expect(cli(['config', 'unset', '--config', typo, 'client.nmae']).status).toBe(0);
    expect(readFileSync(typo, 'utf8')).toBe("[client]\nserver = 'h:1'\n");

    const notSet = cli(['config', 'unset', '--config', typo, 'client.proxy']);
    expect(notSet.status).toBe(0);
    expect(notSet.stderr).toBe(`rport-tray config: client.proxy is not set in ${typo}; its default applies already\n`);
  });

  it('lists every key with its value in effect, secrets masked, defaults and pinned values marked', () => {
    const file = configFile('list.conf', fixture);
    const lockedPolicy = path.join(dir, 'list-policy.toml');
    writeFileSync(lockedPolicy, "[client]\nserver = 'pinned.example.com:443'\n");
    const r = spawnSync(process.execPath, [bin, 'config', 'list', '--config', file], {
      encoding: 'utf8',
      env: { ...process.env, RPORT_TRAY_POLICY: lockedPolicy },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('client.server = pinned.example.com:443  (policy)');
    expect(lines).toContain(`client.auth = clientAuth1:${SECRET_MASK}`);
    expect(lines).toContain('connection.keep_alive = 3m0s');
    expect(lines).toContain('client.proxy =   (default)');
    expect(lines).toContain('client.use_hostname = true  (default)');
    expect(lines).toContain('client.labels = {city = "Berlin", datacenter = "DC1"}');
    expect(lines.length).toBeGreaterThanOrEqual(49);
    expect(r.stdout).not.toContain('clientAuth1:1234');
    const shown = cli(['config', 'list', '--config', file, '--show-secret']);
    expect(shown.stdout).toContain('client.auth = clientAuth1:1234\n');
  });

  it('refuses to change a key locked by the policy, and shows the pinned value', () => {
    const file = configFile('locked.conf', fixture);
    const lockedPolicy = path.join(dir, 'policy.toml');
    writeFileSync(lockedPolicy, "[client]\nserver = 'pinned.example.com:443'\n");
    const env = { ...process.env, RPORT_TRAY_POLICY: lockedPolicy };
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 60_000 });
    const r = run(['config', 'set', '--config', file, 'client.server', 'mine:1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`client.server is locked by the administrator's policy (${lockedPolicy})`);
    expect(readFileSync(file, 'utf8')).toBe(fixture);
    expect(run(['config', 'get', '--config', file, 'client.server']).stdout).toBe('pinned.example.com:443\n');
  });
});
