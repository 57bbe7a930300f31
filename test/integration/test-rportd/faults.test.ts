// Server-wide fault switches: WebSocket rejection, abrupt drops, black-holing, stop and restart.
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { client, connected, server, sleep } from './harness';

describe('test rportd faults', () => {
  it('rejectWebSocket answers the upgrade with the given status', async () => {
    const s = await server();
    s.faults.rejectWebSocket = 423;
    await expect(client(s)).rejects.toThrow(/Unexpected server response: 423/);
    s.faults.rejectWebSocket = 404;
    await expect(client(s)).rejects.toThrow(/Unexpected server response: 404/);
    s.faults.rejectWebSocket = null;
    await expect(client(s)).resolves.toBeDefined();
  });

  it('dropAll destroys every client socket without a close frame', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    const closeCode = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    s.dropAll();
    expect(await closeCode).toBe(1006);
    await s.waitForDisconnect(tc, 2000);
    expect(s.clients).toEqual([]);
  });

  it('blackHole holds traffic both ways without closing; lifting it delivers what was held', async () => {
    const s = await server();
    const { c, tc } = await connected(s);
    s.blackHole(true);
    const ping = c.request('ping', null, true, 5000);
    await expect(Promise.race([ping, sleep(300).then(() => 'pending')])).resolves.toBe('pending');
    expect(tc.isClosed).toBe(false);
    // New connections hang too while the hole is open.
    const late = new WebSocket(s.url, { headers: { 'Sec-WebSocket-Protocol': 'rport-v1' } });
    let opened = false;
    late.on('open', () => (opened = true));
    late.on('error', () => undefined);
    await sleep(200);
    expect(opened).toBe(false);
    s.blackHole(false);
    expect((await ping).ok).toBe(true);
    await new Promise((r) => late.once('open', r));
    late.terminate();
  });

  it('stop closes the listener and every connection; restart listens on the same port with the same key', async () => {
    const s = await server();
    const port = s.port;
    const fp = s.fingerprint;
    const { c, tc } = await connected(s, { SessionID: 'keep' });
    await s.stop();
    await c.closed;
    expect(tc.isClosed).toBe(true);
    await expect(client(s)).rejects.toThrow(/ECONNREFUSED/);
    await s.restart();
    expect(s.port).toBe(port);
    expect(s.fingerprint).toBe(fp);
    const again = await connected(s, { SessionID: 'keep' });
    expect(again.c.serverFingerprint).toBe(fp);
  });
});
