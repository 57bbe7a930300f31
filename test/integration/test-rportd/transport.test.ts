// Upgrade rules, the ident line, the host key and its fingerprint (docs/protocol.md §1.1–§1.4, §2.1, §2.2).
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { makeHostKey } from '../../support/rportd';
import { client, connected, server } from './harness';

interface RawResult {
  status: number;
  headers: IncomingHttpHeaders;
}

/** A hand-made upgrade request, so the test sees exactly what the server answers. */
function rawUpgrade(port: number, headers: Record<string, string>): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

const upgradeHeaders = (extra: Record<string, string>): Record<string, string> => ({
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version': '13',
  ...extra,
});

describe('test rportd transport', () => {
  it('answers 404 without the rport-v1 subprotocol header, or with another rport- value', async () => {
    const s = await server();
    expect((await rawUpgrade(s.port, upgradeHeaders({}))).status).toBe(404);
    expect((await rawUpgrade(s.port, upgradeHeaders({ 'Sec-WebSocket-Protocol': 'rport-v2' }))).status).toBe(404);
    expect(s.log).toContain("ignored client connection using protocol 'rport-v2', expected 'rport-v1'");
    expect((await rawUpgrade(s.port, upgradeHeaders({ 'Sec-WebSocket-Protocol': 'RPORT-V1' }))).status).toBe(404);
    expect((await rawUpgrade(s.port, {})).status).toBe(404);
  });

  it('upgrades on the exact header and never echoes Sec-WebSocket-Protocol', async () => {
    const s = await server();
    const res = await rawUpgrade(s.port, upgradeHeaders({ 'Sec-WebSocket-Protocol': 'rport-v1' }));
    expect(res.status).toBe(101);
    expect(res.headers['sec-websocket-protocol']).toBeUndefined();
  });

  it('makes a ws client that passes the subprotocol as `protocols` fail, as rportd does', async () => {
    const s = await server();
    await expect(client(s, { useProtocolsArgument: true })).rejects.toThrow(/Server sent no subprotocol/);
  });

  it('sends exactly "SSH-rport-v1-server\\r\\n" as the first bytes', async () => {
    const s = await server();
    const ws = new WebSocket(s.url, { headers: { 'Sec-WebSocket-Protocol': 'rport-v1' }, perMessageDeflate: false });
    const first = await new Promise<Buffer>((resolve, reject) => {
      ws.once('message', (d: Buffer) => resolve(d));
      ws.once('error', reject);
    });
    ws.terminate();
    expect(first.toString('latin1')).toBe('SSH-rport-v1-server\r\n');
  });

  it('completes KEX with the real ident bytes in the hash, for ssh2-style and Go-style client idents', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    expect(c.serverIdent).toBe('SSH-rport-v1-server');
    expect(tc.clientIdent).toBe('SSH-2.0-rport-v1-client');
    const go = await connected(s, { ID: 'go-style' }, { goIdent: true });
    expect(go.tc.clientIdent).toBe('SSH-rport-v1-client');
    expect(s.violations).toEqual([]);
  });

  it('records the upgrade request headers', async () => {
    const s = await server();
    const seen: IncomingHttpHeaders[] = [];
    s.events.on('upgrade', (h: IncomingHttpHeaders) => seen.push(h));
    const { tc } = await connected(s, {}, { headers: { 'X-Custom': 'yes' } });
    expect(tc.headers['user-agent']).toBe('rport 0.9.12');
    expect(tc.headers['x-custom']).toBe('yes');
    expect(seen[0]?.['sec-websocket-protocol']).toBe('rport-v1');
  });

  it('uses an ECDSA P-256 host key whose fingerprint is the MD5 of its blob, deterministic per seed', async () => {
    const a = await server({ keySeed: 'seed-1' });
    const b = await server({ keySeed: 'seed-1' });
    const other = await server({ keySeed: 'seed-2' });
    expect(a.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
    expect(makeHostKey('seed-1').fingerprint).toBe(a.fingerprint);
    expect(a.hostKey.publicBlob.subarray(4, 23).toString('latin1')).toBe('ecdsa-sha2-nistp256');
    const c = await client(a);
    expect(c.serverFingerprint).toBe(a.fingerprint);
  });

  it('lets the client refuse a host key whose fingerprint does not match', async () => {
    const s = await server();
    await expect(client(s, { fingerprint: '00:11' })).rejects.toThrow();
  });

  it('listens on IPv6 loopback too', async () => {
    const s = await server({ host: '::1' });
    expect(s.url).toBe(`ws://[::1]:${s.port}`);
    const { tc } = await connected(s);
    expect(tc.connectionRequest?.Name).toBe('ref-client');
  });
});
