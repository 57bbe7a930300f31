// "Use the system proxy": Chromium's answers (Electron's session.resolveProxy, faked here) become the
// engine's `systemProxies` start option, only when the preference is on and rport.conf names no proxy,
// and reach the engine worker through the desktop core's start command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopCore } from '../../../main/electron/desktop-core';
import {
  proxyUrlFromPac,
  resolvableUrl,
  resolveSystemProxies,
  systemProxyStartOption,
  type ProxyResolver,
} from '../../../main/electron/system-proxy';
import { defaultConfig } from '../../../main/config/defaults';
import { DEFAULT_PREFERENCES, loadConf, Preferences } from '../../../main/config/preferences';
import { MemorySecretStore } from '../../../main/config/secret-store';
import { HeadlessSettings } from '../../../main/app/settings/headless-settings';
import type { LogSink } from '../../../main/logging/log-sink';
import { FakeWorkerHost } from '../watchdog/fake-worker-host';

function fakeSession(answers: Record<string, string>): ProxyResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolveProxy: vi.fn((url: string) => {
      asked.push(url);
      const answer = answers[url];
      return answer === undefined ? Promise.reject(new Error('PAC script failed')) : Promise.resolve(answer);
    }),
  };
}

describe('proxyUrlFromPac', () => {
  it('takes the first entry the engine supports', () => {
    expect(proxyUrlFromPac('PROXY proxy.corp:3128; DIRECT')).toBe('http://proxy.corp:3128');
    expect(proxyUrlFromPac('SOCKS5 socks.corp:1080')).toBe('socks5h://socks.corp:1080');
    expect(proxyUrlFromPac('HTTPS secure.corp:443; SOCKS old.corp:1080; PROXY [fd00::1]:8080')).toBe(
      'http://[fd00::1]:8080',
    );
  });

  it('reads DIRECT, and nothing usable, as no proxy', () => {
    expect(proxyUrlFromPac('DIRECT')).toBe('');
    expect(proxyUrlFromPac('')).toBe('');
    expect(proxyUrlFromPac('HTTPS secure.corp:443; SOCKS4 old.corp:1080')).toBe('');
  });
});

describe('resolveSystemProxies', () => {
  it('asks for each server as the http(s) URL Chromium resolves, and keeps the entry as written', async () => {
    const session = fakeSession({
      'https://rport.example.com/': 'PROXY proxy.corp:3128',
      'http://10.1.2.3:8080/': 'DIRECT',
      'http://x:1/': 'SOCKS5 s:1080',
    });
    expect(resolvableUrl('wss://rport.example.com:443')).toBe('https://rport.example.com/');
    expect(resolvableUrl('ws://[::1]:80/path')).toBe('http://[::1]/path');
    const proxies = await resolveSystemProxies(session, ['wss://rport.example.com:443', '10.1.2.3:8080', 'x:1']);
    expect(session.asked).toEqual(['https://rport.example.com/', 'http://10.1.2.3:8080/', 'http://x:1/']);
    expect(proxies).toEqual({
      'wss://rport.example.com:443': 'http://proxy.corp:3128',
      '10.1.2.3:8080': '',
      'x:1': 'socks5h://s:1080',
    });
  });

  it('leaves out a server whose lookup fails (the engine then reads the environment)', async () => {
    const session = fakeSession({ 'https://rport.example.com/': 'PROXY proxy.corp:3128', 'http://a:8080/': 'DIRECT' });
    const proxies = await resolveSystemProxies(session, ['wss://rport.example.com:443', 'a:8080', 'broken:1']);
    expect(proxies).toEqual({ 'wss://rport.example.com:443': 'http://proxy.corp:3128', 'a:8080': '' });
  });
});

describe('systemProxyStartOption', () => {
  const config = (proxy = '') => {
    const c = defaultConfig('/data');
    c.client.server = 'wss://rport.example.com';
    c.client.fallback_servers = ['fallback.example.com:8080'];
    c.client.proxy = proxy;
    return c;
  };

  it('resolves every server when the preference is on and rport.conf names no proxy', async () => {
    const resolve = vi.fn(async (entries: readonly string[]) =>
      Object.fromEntries(entries.map((e) => [e, 'http://p:1'])),
    );
    expect(await systemProxyStartOption(config(), true, resolve)).toEqual({
      systemProxies: { 'wss://rport.example.com': 'http://p:1', 'fallback.example.com:8080': 'http://p:1' },
    });
  });

  it('does not even ask the OS when rport.conf names a proxy or the preference is off', async () => {
    const resolve = vi.fn(async () => ({}));
    expect(await systemProxyStartOption(config('http://conf:3128'), true, resolve)).toEqual({});
    expect(await systemProxyStartOption(config(), false, resolve)).toEqual({});
    expect(await systemProxyStartOption(config(), true, undefined)).toEqual({});
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('desktop core: the system proxy reaches the engine worker', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-system-proxy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function startOptionsWith(useSystemProxy: boolean): Promise<Record<string, unknown>> {
    const configPath = path.join(dir, 'rport.conf');
    fs.writeFileSync(
      configPath,
      `[client]\nserver = "rport.example.com:8080"\nauth = "c:pw"\ndata_dir = "${dir.replace(/\\/g, '\\\\')}"\n`,
      { mode: 0o600 },
    );
    const host = new FakeWorkerHost();
    const sink = {
      file: { configured: '', base: '', extension: '' },
      write: () => {},
      log: () => {},
      setLevel: () => {},
      setScrubber: () => {},
      recent: () => [],
      onLine: () => () => {},
      close: async () => {},
    } as unknown as LogSink;
    const session = fakeSession({ 'http://rport.example.com:8080/': 'PROXY pac-proxy.corp:8080; DIRECT' });
    const handles = await createDesktopCore({
      workerHost: host,
      secretStore: new MemorySecretStore(),
      preferences: new Preferences({ store: { ...DEFAULT_PREFERENCES, useSystemProxy } }),
      settings: new HeadlessSettings(dir, await loadConf()),
      dialogs: { chooseConfigFile: async () => null, chooseSavePath: async () => null },
      testConnection: async () => {
        throw new Error('not used');
      },
      configPath,
      dataDir: dir,
      sink,
      resolveSystemProxies: (entries) => resolveSystemProxies(session, entries),
    });
    try {
      await handles.core.start();
      host.current.ready();
      await vi.waitFor(() => expect(host.current.sent.some((c) => c.type === 'start')).toBe(true));
      const start = host.current.sent.find((c) => c.type === 'start');
      return start?.type === 'start' ? (start.options as unknown as Record<string, unknown>) : {};
    } finally {
      await handles.core.stop();
    }
  }

  it('hands the OS’s proxy to the engine as systemProxies when the preference is on (the default)', async () => {
    expect(DEFAULT_PREFERENCES.useSystemProxy).toBe(true);
    expect((await startOptionsWith(true)).systemProxies).toEqual({
      'rport.example.com:8080': 'http://pac-proxy.corp:8080',
    });
  });

  it('hands nothing over when the preference is off', async () => {
    expect(await startOptionsWith(false)).not.toHaveProperty('systemProxies');
  });
});
