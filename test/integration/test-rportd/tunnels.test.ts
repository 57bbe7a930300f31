// rport channels server → client for TCP (with Go's full-close piping) and UDP (gob stream), tunnels
// requested in new_connection and restored on reconnect, client → server channels, SFTP
// (docs/protocol.md §3.5, §4, §5.4, §5.5).
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../support/net';
import { client, connected, echoServer, onCleanup, server, waitFor } from './harness';

function tcpRoundTrip(port: number, data: string): Promise<{ sock: Socket; reply: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => {
      got += d.toString();
      if (got.length >= data.length) resolve({ sock, reply: got });
    });
    sock.on('error', reject);
    sock.write(data);
  });
}

const closedPromise = (s: Socket): Promise<void> =>
  new Promise((r) => (s.destroyed ? r() : s.once('close', () => r())));

async function udpEcho() {
  const sock = createSocket('udp4');
  sock.on('message', (m, ri) => sock.send(Buffer.concat([Buffer.from('echo:'), m]), ri.port, ri.address));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  onCleanup(() => new Promise<void>((r) => sock.close(() => r())));
  return sock.address().port;
}

describe('test rportd tunnels and channels', () => {
  it('forwards TCP through an rport channel with extra data "host:port"', async () => {
    const s = await server();
    const echo = await echoServer();
    const { c, tc } = await connected(s);
    const t = await tc.openTunnel({ target: `127.0.0.1:${echo.port}` });
    const big = 'x'.repeat(300_000);
    const { sock, reply } = await tcpRoundTrip(t.port, big);
    expect(reply).toBe(big);
    expect(c.rportChannels).toEqual([`127.0.0.1:${echo.port}`]);
    sock.destroy();
    await t.close();
  });

  it('closes the user side when the target closes, and the target side when the user closes', async () => {
    const s = await server();
    const echo = await echoServer();
    const { tc } = await connected(s);
    const t = await tc.openTunnel({ target: `127.0.0.1:${echo.port}` });
    const one = await tcpRoundTrip(t.port, 'a');
    await waitFor(() => echo.sockets.size === 1);
    for (const x of echo.sockets) x.destroy();
    await closedPromise(one.sock);
    const two = await tcpRoundTrip(t.port, 'b');
    await waitFor(() => echo.sockets.size === 1);
    const target = [...echo.sockets][0]!;
    two.sock.end();
    await closedPromise(target);
  });

  it('closes the user socket when the client rejects the channel; openRawChannel reports the reason', async () => {
    const s = await server();
    const { tc } = await connected(s, {}, { refuseTarget: (extra) => extra.startsWith('10.255.') });
    const t = await tc.openTunnel({ target: '10.255.0.1:22' });
    const sock = connect(t.port, '127.0.0.1');
    sock.on('error', () => undefined);
    await closedPromise(sock);
    const raw = await tc.openRawChannel('10.255.0.1:22');
    expect(raw).toEqual({ accepted: false, reason: 'not allowed with "tunnel_allowed" config' });
    expect(s.log.join('\n')).toMatch(/rport channel to 10\.255\.0\.1:22 rejected/);
  });

  it('forwards UDP datagrams over one gob-stream channel and returns replies to their sender', async () => {
    const s = await server();
    const target = await udpEcho();
    const { c, tc } = await connected(s);
    const t = await tc.openTunnel({ target: `127.0.0.1:${target}`, protocol: 'udp' });
    expect(c.rportChannels).toEqual([`127.0.0.1:${target}/udp`]);
    const senders = [createSocket('udp4'), createSocket('udp4')];
    onCleanup(() => senders.forEach((x) => x.close()));
    await Promise.all(senders.map((x) => new Promise<void>((r) => x.bind(0, '127.0.0.1', () => r()))));
    const got = senders.map((x) => new Promise<string>((r) => x.once('message', (m) => r(m.toString()))));
    senders[0]!.send('one', t.port, '127.0.0.1');
    senders[1]!.send('two', t.port, '127.0.0.1');
    expect(await Promise.all(got)).toEqual(['echo:one', 'echo:two']);
    expect(s.violations).toEqual([]);
  });

  it('starts tunnels for the Remotes of new_connection and answers with the completed Go remotes', async () => {
    const s = await server();
    const echo = await echoServer();
    const { reply } = await connected(s, {
      Remotes: [{ protocol: 'tcp', lhost: '', lport: '', rhost: '127.0.0.1', rport: String(echo.port) }],
    });
    const [remote] = JSON.parse(reply.payload.toString()) as Record<string, unknown>[];
    expect(Object.keys(remote!)).toEqual([
      'name',
      'protocol',
      'lhost',
      'lport',
      'lport_random',
      'owner',
      'rhost',
      'rport',
      'scheme',
      'acl',
      'idle_timeout_minutes',
      'auto_close',
      'http_proxy',
      'host_header',
      'auth_user',
      'auth_password',
      'tunnel_url',
    ]);
    expect(remote).toMatchObject({ lhost: '0.0.0.0', lport_random: true, rport: String(echo.port) });
    const { sock, reply: r } = await tcpRoundTrip(Number(remote!['lport']), 'via-remote');
    expect(r).toBe('via-remote');
    sock.destroy();
  });

  // rportd's checkLocalPort refuses a busy requested port with its own text, not wrapped (§3.5).
  it('fails new_connection with "Local port N already in use." when a requested port is busy', async () => {
    const s = await server();
    const echo = await echoServer();
    const c = await client(s);
    const r = await c.newConnection({
      Remotes: [{ protocol: 'tcp', lhost: '0.0.0.0', lport: String(echo.port), rhost: '127.0.0.1', rport: '22' }],
    });
    expect(r.ok).toBe(false);
    expect(r.payload.toString()).toBe(`Local port ${echo.port} already in use.`);
  });

  it('restores the previous session tunnels on reconnect, asking check_tunnel_allowed before replying', async () => {
    const s = await server();
    const echo = await echoServer();
    const first = await connected(s, { SessionID: 'S1' });
    await first.tc.openTunnel({ target: `127.0.0.1:${echo.port}` });
    await first.tc.openTunnel({ target: '127.0.0.1:9' });
    await first.c.close();
    await s.waitForDisconnect(first.tc);
    const again = await client(s);
    again.answer = (req) => {
      if (req.name !== 'check_tunnel_allowed') return null;
      const allowed = JSON.parse(req.payload.toString()).Remote !== '127.0.0.1:9';
      return { ok: true, payload: Buffer.from(JSON.stringify({ IsAllowed: allowed })) };
    };
    const r = await again.newConnection({ SessionID: 'S1' });
    expect(r.ok).toBe(true);
    const names = again.serverRequests.map((x) => x.name);
    expect(names.filter((n) => n === 'check_tunnel_allowed')).toHaveLength(2);
    const restored = JSON.parse(r.payload.toString()) as { rport: string; lport: string }[];
    expect(restored.map((x) => x.rport)).toEqual([String(echo.port)]);
    const { sock, reply } = await tcpRoundTrip(Number(restored[0]!.lport), 'restored');
    expect(reply).toBe('restored');
    sock.destroy();
  });

  it('holds a session until its connection closes; a resume meanwhile is refused and forgets the tunnels', async () => {
    const s = await server();
    const echo = await echoServer();
    const lport = await freePort();
    const first = await connected(s, { SessionID: 'S1' });
    await first.tc.openTunnel({ target: `127.0.0.1:${echo.port}`, lport });
    // The old connection is still open: its listener holds the port (rportd's checkLocalPort refuses).
    const early = await client(s);
    const refused = await early.newConnection({ SessionID: 'S1' });
    expect(refused.ok).toBe(false);
    expect(refused.payload.toString()).toBe(`Local port ${lport} already in use.`);
    expect(first.tc.isClosed).toBe(false);
    await early.close();
    await first.c.close();
    await s.waitForDisconnect(first.tc);
    // rportd rewrote the stored client before starting its tunnels: nothing is left to restore.
    const later = await client(s);
    const r = await later.newConnection({ SessionID: 'S1' });
    expect(r.ok).toBe(true);
    expect(JSON.parse(r.payload.toString())).toBeNull();
    expect(later.serverRequests.map((x) => x.name)).not.toContain('check_tunnel_allowed');
  });

  it('a resume refused by the client in check_tunnel_allowed leaves the stored tunnels as they were', async () => {
    const s = await server();
    const echo = await echoServer();
    const first = await connected(s, { SessionID: 'S1' });
    await first.tc.openTunnel({ target: `127.0.0.1:${echo.port}` });
    await first.c.close();
    await s.waitForDisconnect(first.tc);
    const declining = await client(s);
    declining.answer = (req) =>
      req.name === 'check_tunnel_allowed' ? { ok: false, payload: Buffer.from('not yet') } : null;
    const refused = await declining.newConnection({ SessionID: 'S1' });
    expect(refused.payload.toString()).toBe('failed to filter tunnels: client error: not yet');
    await declining.close();
    const again = await client(s);
    const r = await again.newConnection({ SessionID: 'S1' });
    expect(r.ok).toBe(true);
    expect((JSON.parse(r.payload.toString()) as { rport: string }[]).map((x) => x.rport)).toEqual([String(echo.port)]);
  });

  it('accepts client → server stdout/stderr channels and records their data', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    const ch = await c.openChannel('stdout', Buffer.from('{"jid":"job-1"}'));
    ch.end('line 1\nline 2\n');
    const rec = await tc.waitForChannel('stdout');
    expect(rec.extra.toString()).toBe('{"jid":"job-1"}');
    expect(rec.data.toString()).toBe('line 1\nline 2\n');
    const other = await c.openChannel('whatever', Buffer.from('x'));
    other.end('y');
    expect((await tc.waitForChannel('whatever')).data.toString()).toBe('y');
    expect(s.violations).toEqual([]);
  });

  it('serves sftpRoot read-only over the session channel', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rportd-sftp-'));
    onCleanup(() => rmSync(root, { recursive: true, force: true }));
    writeFileSync(join(root, 'push.bin'), Buffer.alloc(100_000, 7));
    const s = await server({ sftpRoot: root });
    const { c } = await connected(s);
    const sftp = await c.sftp();
    const data = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      sftp
        .createReadStream('/push.bin')
        .on('data', (d: Buffer) => chunks.push(d))
        .on('end', () => resolve(Buffer.concat(chunks)))
        .on('error', reject);
    });
    expect(data.equals(Buffer.alloc(100_000, 7))).toBe(true);
    await expect(
      new Promise((resolve, reject) => sftp.open('/new.txt', 'w', (err, h) => (err ? reject(err) : resolve(h)))),
    ).rejects.toThrow(/denied/i);
    await expect(
      new Promise((resolve, reject) => sftp.stat('/../../etc/passwd', (err, st) => (err ? reject(err) : resolve(st)))),
    ).rejects.toThrow(/No such file/);
  });
});
