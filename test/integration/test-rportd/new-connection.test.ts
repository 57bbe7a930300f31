// new_connection: first and only once, payload checks, failure texts and faults (docs/protocol.md §3).
import { describe, expect, it } from 'vitest';
import { client, connected, server, sleep, waitFor } from './harness';

describe('test rportd new_connection', () => {
  it('succeeds with null remotes, then sends put_capabilities (want_reply=false)', async () => {
    const s = await server();
    const { c, tc, reply } = await connected(s);
    expect(reply.payload.toString()).toBe('null');
    await waitFor(() => c.serverRequests.some((r) => r.name === 'put_capabilities'), 2000, 'put_capabilities');
    const caps = c.serverRequests.find((r) => r.name === 'put_capabilities')!;
    expect(caps.wantReply).toBe(false);
    expect(JSON.parse(caps.payload.toString())).toEqual({
      ServerVersion: '0.9.13',
      MonitoringVersion: 1,
      IPAddressesVersion: 1,
    });
    expect(tc.connectionRequest?.ID).toBe('ref-client-1');
    expect(s.clients).toEqual([tc]);
    expect(s.violations).toEqual([]);
  });

  it('sends no put_capabilities when capabilities is null, and merges custom ones', async () => {
    const none = await server({ capabilities: null });
    const a = await connected(none);
    await a.c.request('ping', null);
    expect(a.c.serverRequests.map((r) => r.name)).not.toContain('put_capabilities');
    const custom = await server({ capabilities: { MonitoringVersion: 0 } });
    const b = await connected(custom);
    await waitFor(() => b.c.serverRequests.length > 0);
    expect(JSON.parse(b.c.serverRequests[0]!.payload.toString()).MonitoringVersion).toBe(0);
  });

  it('a first request other than new_connection gets no reply; the connection is closed and a violation recorded', async () => {
    const s = await server();
    const c = await client(s);
    const reply = c.request('ping', null, true, 1500);
    await expect(reply).rejects.toThrow(/no reply/);
    await c.closed;
    expect(s.violations.join('\n')).toMatch(/first global request was "ping", expected new_connection/);
  });

  it('a second new_connection fails with "unexpected connection request. please reconnect" and closes', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    const again = await c.newConnection();
    expect(again.ok).toBe(false);
    expect(again.payload.toString()).toBe('unexpected connection request. please reconnect');
    await s.waitForDisconnect(tc, 2000);
    expect(s.violations.join('\n')).toMatch(/second new_connection/);
  });

  it('refuses the same ID with another SessionID while connected, accepts the same SessionID', async () => {
    const s = await server();
    const first = await connected(s, { SessionID: 'sess-A', Name: 'box' });
    const other = await client(s);
    const refused = await other.newConnection({ SessionID: 'sess-B' });
    expect(refused.ok).toBe(false);
    expect(refused.payload.toString()).toBe('client is already connected: box [ref-client-1]');
    const resumed = await client(s);
    expect((await resumed.newConnection({ SessionID: 'sess-A' })).ok).toBe(true);
    await first.c.close();
    await resumed.close();
    await waitFor(() => s.clients.length === 0);
    const later = await client(s);
    expect((await later.newConnection({ SessionID: 'sess-C' })).ok).toBe(true);
  });

  it('fails a known client id whose Version does not parse', async () => {
    const s = await server();
    const first = await connected(s);
    await first.c.close();
    await s.waitForDisconnect(first.tc);
    const c = await client(s);
    const r = await c.newConnection({ Version: 'not-a-version' });
    expect(r.payload.toString()).toBe('failed to determine client version: Malformed version: not-a-version');
    expect(r.ok).toBe(false);
  });

  it('does not reply to a payload Go cannot decode (string duration, non-null regexp) and records why', async () => {
    const s = await server();
    const c = await client(s);
    const bad = c.newConnection(
      {
        ClientConfiguration: {
          connection: { keep_alive: '3m' },
          remote_commands: { allow_regexp: [{}], deny_regexp: null },
        },
      },
      1500,
    );
    await expect(bad).rejects.toThrow(/no reply/);
    const v = s.violations.join('\n');
    expect(v).toMatch(/Invalid JSON config/);
    expect(v).toMatch(/connection\.keep_alive/);
    expect(v).toMatch(/allow_regexp/);
  });

  it('accepts but flags payloads that break the document: secrets, empty SessionID, null config', async () => {
    const s = await server();
    const { reply } = await connected(s, {
      SessionID: '',
      ClientConfiguration: { client: { auth: 'id:pw', auth_pass: 'pw' } },
    });
    expect(reply.ok).toBe(true);
    const v = s.violations.join('\n');
    expect(v).toMatch(/client\.auth: secret sent/);
    expect(v).toMatch(/client\.auth_pass: secret sent/);
    expect(v).toMatch(/SessionID is empty/);
    s.violations.length = 0;
    await connected(s, { ID: 'other', ClientConfiguration: null, Version: '1.2.x' });
    expect(s.violations.join('\n')).toMatch(/ClientConfiguration is null/);
    expect(s.violations.join('\n')).toMatch(/does not parse with hashicorp\/go-version/);
  });

  it('faults: replyAlreadyConnected, newConnectionFailure and a delayed reply', async () => {
    const s = await server();
    s.faults.replyAlreadyConnected = true;
    const a = await client(s);
    const ra = await a.newConnection({ Name: 'n1' });
    expect(ra.payload.toString()).toBe('client is already connected: n1 [ref-client-1]');
    s.faults.replyAlreadyConnected = false;
    s.faults.newConnectionFailure = 'unable to start tunnel: Local port 2222 already in use.';
    const b = await client(s);
    const rb = await b.newConnection();
    expect(rb).toMatchObject({ ok: false });
    expect(rb.payload.toString()).toBe('unable to start tunnel: Local port 2222 already in use.');
    s.faults.newConnectionFailure = null;
    s.faults.delayNewConnectionReplyMs = 300;
    const c = await client(s);
    const started = Date.now();
    expect((await c.newConnection({ ID: 'late' })).ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('holds requests and channels sent while new_connection is pending and serves them after the success reply', async () => {
    const s = await server();
    s.faults.delayNewConnectionReplyMs = 200;
    const c = await client(s);
    const nc = c.newConnection();
    await sleep(20);
    const ping = c.request('ping', null);
    let channelOpened = false;
    const channel = c.openChannel('stdout', Buffer.from('{"jid":"early"}')).then((ch) => {
      channelOpened = true;
      return ch;
    });
    await sleep(100);
    expect(channelOpened).toBe(false);
    expect((await nc).ok).toBe(true);
    expect((await ping).ok).toBe(true);
    (await channel).end('early output');
    const tc = await s.waitForClient();
    expect((await tc.waitForChannel('stdout')).data.toString()).toBe('early output');
  });

  it('answers new_connection for an empty ID with a fresh client id each time', async () => {
    const s = await server();
    const c1 = await client(s);
    await c1.newConnection({ ID: '' });
    const c2 = await client(s);
    await c2.newConnection({ ID: '' });
    await waitFor(() => s.clients.length === 2);
    const [x, y] = s.clients;
    expect(x!.clientId).not.toBe(y!.clientId);
  });
});
