// The network test tools: TCP fault proxy, HTTP CONNECT proxy and SOCKS5 proxy, each carrying a real
// rport connection to the test rportd (the way the engine will use them).
import { connect, type Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { describe, expect, it } from 'vitest';
import { startHttpConnectProxy, startSocks5Proxy, startTcpProxy, freePort } from '../../support/net';
import { connected, echoServer, onCleanup, server, sleep, waitFor } from './harness';

const creds = { username: 'proxy-user', password: 'proxy-pass' };

function roundTrip(port: number, data: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    sock.on('data', (d) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(d.toString());
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.write(data);
  });
}

describe('net tools', () => {
  it('freePort returns a bindable loopback port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const echo = await echoServer();
    expect(echo.port).not.toBe(0);
  });

  it('tcp proxy: forward, blackHole (held, then delivered), drop and refuse', async () => {
    const echo = await echoServer();
    const p = await startTcpProxy({ targetPort: echo.port });
    onCleanup(() => p.close());
    expect(await roundTrip(p.port, 'one')).toBe('one');

    const sock = connect(p.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    p.setMode('blackHole');
    sock.write('held');
    await sleep(150);
    expect(got).toBe('');
    expect(sock.destroyed).toBe(false);
    p.setMode('forward');
    await waitFor(() => got === 'held');

    const closed = new Promise((r) => sock.once('close', r));
    sock.on('error', () => undefined);
    p.setMode('drop');
    await closed;
    await expect(roundTrip(p.port, 'x', 500)).rejects.toThrow();
    p.setMode('refuse');
    await expect(roundTrip(p.port, 'x', 500)).rejects.toThrow();
    p.setMode('forward');
    expect(await roundTrip(p.port, 'back')).toBe('back');
  });

  it('tcp proxy in front of the test rportd: a black-holed link makes a ping time out', async () => {
    const s = await server();
    const p = await startTcpProxy({ targetPort: s.port });
    onCleanup(() => p.close());
    const { c } = await connected(s, {}, { url: `ws://127.0.0.1:${p.port}` });
    expect((await c.request('ping', null)).ok).toBe(true);
    p.setMode('blackHole');
    await expect(c.request('ping', null, true, 300)).rejects.toThrow(/no reply/);
  });

  it('HTTP CONNECT proxy: 407 without credentials, tunnels with them, and records the target', async () => {
    const s = await server();
    const proxy = await startHttpConnectProxy({ auth: creds, hosts: { 'rportd.test': '127.0.0.1' } });
    onCleanup(() => proxy.close());
    const url = `ws://rportd.test:${s.port}`;
    await expect(connected(s, {}, { url, agent: new HttpsProxyAgent(proxy.url()) })).rejects.toThrow();
    expect(proxy.requests[0]).toMatchObject({ method: 'CONNECT', status: 407, username: null });
    const { tc } = await connected(s, {}, { url, agent: new HttpsProxyAgent(proxy.url(creds)) });
    expect(tc.headers['host']).toBe(`rportd.test:${s.port}`);
    expect(proxy.requests[1]).toMatchObject({
      method: 'CONNECT',
      target: `rportd.test:${s.port}`,
      host: 'rportd.test',
      username: 'proxy-user',
      status: 200,
    });
  });

  it('HTTP CONNECT proxy refuses non-loopback targets', async () => {
    const proxy = await startHttpConnectProxy();
    onCleanup(() => proxy.close());
    const status = await new Promise<string>((resolve) => {
      const sock = connect(proxy.port, '127.0.0.1');
      sock.on('data', (d) => {
        resolve(d.toString().split('\r\n')[0]!);
        sock.destroy();
      });
      sock.write('CONNECT example.com:80 HTTP/1.1\r\nHost: example.com:80\r\n\r\n');
    });
    expect(status).toBe('HTTP/1.1 403 Forbidden');
  });

  it('SOCKS5 proxy (socks5h): the host NAME reaches the proxy unresolved; user/pass auth is checked', async () => {
    const s = await server();
    const proxy = await startSocks5Proxy({ auth: creds, hosts: { 'rportd.test': '127.0.0.1' } });
    onCleanup(() => proxy.close());
    const url = `ws://rportd.test:${s.port}`;
    await expect(
      connected(s, {}, { url, agent: new SocksProxyAgent(proxy.url('socks5h', { ...creds, password: 'wrong' })) }),
    ).rejects.toThrow();
    const { tc } = await connected(s, {}, { url, agent: new SocksProxyAgent(proxy.url('socks5h', creds)) });
    expect(tc.connectionRequest?.ID).toBe('ref-client-1');
    expect(proxy.requests.at(-1)).toEqual({
      addressType: 'domain',
      host: 'rportd.test',
      port: s.port,
      username: 'proxy-user',
      reply: 0,
    });
  });

  it('SOCKS5 proxy without auth; a client-resolved address is recorded as such', async () => {
    const s = await server();
    const proxy = await startSocks5Proxy();
    onCleanup(() => proxy.close());
    await connected(s, {}, { url: `ws://127.0.0.1:${s.port}`, agent: new SocksProxyAgent(proxy.url('socks5')) });
    expect(proxy.requests[0]).toMatchObject({
      addressType: 'ipv4',
      host: '127.0.0.1',
      port: s.port,
      username: null,
      reply: 0,
    });
  });
});
