// Global requests after new_connection: client pings, server pings and how replies are judged, the
// reply FIFO, one-way and unknown requests (docs/protocol.md §2.5, §2.6, §5).
import { describe, expect, it } from 'vitest';
import { connected, server, sleep, waitFor } from './harness';

describe('test rportd requests', () => {
  it('answers a client ping with an empty success and records the heartbeat', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    expect(tc.lastHeartbeatAt).toBeNull();
    const r = await c.request('ping', null);
    expect(r).toEqual({ ok: true, payload: Buffer.alloc(0) });
    expect(tc.lastHeartbeatAt).not.toBeNull();
    expect(s.violations).toEqual([]);
  });

  it('fault stopAnsweringPings: a client ping gets no reply at all', async () => {
    const s = await server();
    const { c } = await connected(s);
    s.faults.stopAnsweringPings = true;
    await expect(c.request('ping', null, true, 400)).rejects.toThrow(/no reply/);
    s.faults.stopAnsweringPings = false;
  });

  it('server ping: an empty success is alive, no violation', async () => {
    const s = await server();
    const { tc } = await connected(s);
    const r = await tc.ping();
    expect(r.ok).toBe(true);
    expect(tc.isClosed).toBe(false);
    expect(s.violations).toEqual([]);
  });

  it('server ping: "null" payload is accepted (rportd 0.9.8+) but flagged', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    c.answer = (req) => (req.name === 'ping' ? { ok: true, payload: Buffer.from('null') } : null);
    await tc.ping();
    expect(tc.isClosed).toBe(false);
    expect(s.violations.join('\n')).toMatch(/ping reply had payload "null"/);
  });

  it('server ping: any other payload is a violation and the client is disconnected', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    c.answer = (req) => (req.name === 'ping' ? { ok: true, payload: Buffer.from('pong') } : null);
    await tc.ping();
    await s.waitForDisconnect(tc, 2000);
    await c.closed;
    expect(s.violations.join('\n')).toMatch(/ping reply had payload \(ok=true, payload="pong"\)/);
  });

  it('server ping: a failure without the legacy text disconnects; no reply within the timeout disconnects', async () => {
    const s = await server();
    const a = await connected(s, { ID: 'a' });
    a.c.answer = (req) => (req.name === 'ping' ? { ok: false, payload: null } : null);
    await a.tc.ping();
    await s.waitForDisconnect(a.tc, 2000);
    const b = await connected(s, { ID: 'b' });
    b.c.answer = () => null;
    await expect(b.tc.ping(300)).rejects.toThrow(/timeout/);
    await s.waitForDisconnect(b.tc, 2000);
  });

  it('pings clients on the status-check interval when their heartbeat is old', async () => {
    const s = await server({ checkClientsConnectionInterval: 100 });
    const { c } = await connected(s);
    await waitFor(() => c.serverRequests.filter((r) => r.name === 'ping').length >= 2, 3000, 'two server pings');
    expect(s.violations).toEqual([]);
  });

  it('sends want-reply requests one at a time and matches replies in FIFO order', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    const held: (() => void)[] = [];
    c.answer = (req) => {
      if (req.name !== 'check_port') return null;
      held.push(() => c.sendRawReply(true, req.payload));
      return null;
    };
    const first = tc.request('check_port', Buffer.from('first'));
    const second = tc.request('check_port', Buffer.from('second'));
    await waitFor(() => c.serverRequests.length >= 2);
    await sleep(50);
    // The second request is not on the wire before the first is answered (x/crypto's mux).
    expect(c.serverRequests.filter((r) => r.name === 'check_port').length).toBe(1);
    held.shift()!();
    expect((await first).payload.toString()).toBe('first');
    await waitFor(() => held.length === 1);
    held.shift()!();
    expect((await second).payload.toString()).toBe('second');
  });

  it('a timed-out request keeps its FIFO slot so its late reply is not given to the next one', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    let release: (() => void) | null = null;
    c.answer = (req) => {
      if (req.name === 'slow') {
        release = () => c.sendRawReply(true, Buffer.from('slow-reply'));
        return null;
      }
      return { ok: true, payload: Buffer.from('fast-reply') };
    };
    await expect(tc.request('slow', null, { timeoutMs: 100 })).rejects.toThrow(/timeout/);
    const next = tc.request('fast', null);
    await sleep(50);
    release!();
    expect((await next).payload.toString()).toBe('fast-reply');
  });

  it('an unsolicited reply is a violation and desynchronises the next request, as in x/crypto', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    c.sendRawReply(true, Buffer.from('stray'));
    await waitFor(() => s.violations.length > 0);
    expect(s.violations.join('\n')).toMatch(/unsolicited REQUEST_SUCCESS/);
    const r = await tc.request('check_port', { HostPort: '127.0.0.1:1', Timeout: 1 });
    expect(r.payload.toString()).toBe('stray');
  });

  it('one-way client requests must not want a reply; unknown requests get no reply', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    await c.request('updates_status', { refreshed: 'x' }, false);
    await expect(c.request('cmd_result', { jid: 'j' }, true, 300)).rejects.toThrow(/no reply/);
    await expect(c.request('keepalive@openssh.com', null, true, 300)).rejects.toThrow(/no reply/);
    await tc.waitForRequest('keepalive@openssh.com');
    expect(tc.receivedRequests.map((r) => r.name)).toEqual([
      'new_connection',
      'updates_status',
      'cmd_result',
      'keepalive@openssh.com',
    ]);
    const v = s.violations.join('\n');
    expect(v).toMatch(/"cmd_result" sent with want_reply=true/);
    expect(v).toMatch(/unknown request "keepalive@openssh.com" sent with want_reply=true/);
    expect(v).not.toMatch(/updates_status/);
  });

  it('drops an over-limit request payload without a reply and flags it', async () => {
    const s = await server({ maxRequestBytes: 3000 });
    const { c } = await connected(s);
    await c.request('save_measurement', Buffer.alloc(4000, 0x20), false);
    await waitFor(() => s.violations.length > 0);
    expect(s.violations[0]).toMatch(/exceeds the limit of 3000 bytes, actual size: 4000/);
  });

  it('check_port and check_tunnel_allowed helpers parse the client answers', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    c.answer = (req) => {
      if (req.name === 'check_port') return { ok: true, payload: Buffer.from('{"Open":false,"ErrMsg":"refused"}') };
      if (req.name === 'check_tunnel_allowed') return { ok: true, payload: Buffer.from('{"IsAllowed":false}') };
      return { ok: false, payload: Buffer.from('unknown request') };
    };
    expect(await tc.checkPort('127.0.0.1:9')).toEqual({ Open: false, ErrMsg: 'refused' });
    const req = c.serverRequests.find((r) => r.name === 'check_port')!;
    expect(JSON.parse(req.payload.toString())).toEqual({ HostPort: '127.0.0.1:9', Timeout: 2000000000 });
    const allowed = await tc.checkTunnelAllowed('127.0.0.1:22');
    expect(JSON.parse(allowed.payload.toString())).toEqual({ IsAllowed: false });
    expect(JSON.parse(c.serverRequests.at(-1)!.payload.toString())).toEqual({ Remote: '127.0.0.1:22' });
  });
});
