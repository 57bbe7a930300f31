// Password auth, the per-auth-id wait after a bad password, and the IP ban (docs/protocol.md §2.3).
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { client, server, sleep } from './harness';

const upgradeStatus = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { 'Sec-WebSocket-Protocol': 'rport-v1' } });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => undefined);
  });

describe('test rportd auth', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const s = await server({ clients: { alice: 'pw-a' } });
    await expect(client(s, { auth: { id: 'alice', password: 'nope' } })).rejects.toThrow(
      /authentication methods failed/,
    );
    s.clearBans();
    await expect(client(s, { auth: { id: 'alice', password: 'pw-a' } })).resolves.toBeDefined();
    await expect(client(s, { auth: { id: 'bob', password: 'pw-a' } })).rejects.toThrow(/authentication methods failed/);
  });

  it('refuses even the right password during the client_login_wait window, then accepts it', async () => {
    const s = await server({ clients: { alice: 'pw-a' }, clientLoginWaitMs: 400 });
    await expect(client(s, { auth: { id: 'alice', password: 'bad' } })).rejects.toThrow();
    await expect(client(s, { auth: { id: 'alice', password: 'pw-a' } })).rejects.toThrow();
    expect(s.log.some((l) => l.startsWith('Failed login attempt for client auth id "alice"'))).toBe(true);
    await sleep(450);
    await expect(client(s, { auth: { id: 'alice', password: 'pw-a' } })).resolves.toBeDefined();
  });

  it('bans the IP with HTTP 423 after max_failed_login bad logins', async () => {
    const s = await server({ clientLoginWaitMs: 0, maxFailedLogin: 2, banTimeMs: 60_000 });
    await expect(client(s, { auth: { id: 'client1', password: 'x' } })).rejects.toThrow();
    expect(await upgradeStatus(s.url)).toBe(101);
    await expect(client(s, { auth: { id: 'client1', password: 'x' } })).rejects.toThrow();
    expect(await upgradeStatus(s.url)).toBe(423);
    await expect(client(s)).rejects.toThrow(/423/);
    s.clearBans();
    await expect(client(s)).resolves.toBeDefined();
  });

  it('fault refuseAuth makes every password wrong', async () => {
    const s = await server({ clientLoginWaitMs: 0 });
    s.faults.refuseAuth = true;
    await expect(client(s)).rejects.toThrow(/authentication methods failed/);
    s.faults.refuseAuth = false;
    await expect(client(s)).resolves.toBeDefined();
  });
});
