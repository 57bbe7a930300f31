// The first-start connection test names the failing step and never leaks the password.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { testConnection } from '../../../main/engine/connection-test';
import { closeServer, listenOnce } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { tempDir, testConfig } from '../../support/engine/engine-harness';

const PASSWORD = 'Setup-Secret-77';

describe('connection test', () => {
  let server: TestRportd;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0, clients: { client1: PASSWORD } });
    data = tempDir();
  });

  afterEach(async () => {
    await server.stop();
    data.remove();
  });

  const config = (server_: string, tweak?: Parameters<typeof testConfig>[0]['tweak']) =>
    testConfig({ server: server_, dataDir: data.dir, auth: `client1:${PASSWORD}`, tweak });

  it('passes every step without registering the client', async () => {
    const requests: string[] = [];
    server.events.on('request', (e: { name: string }) => requests.push(e.name));
    const result = await testConnection(
      config(server.url, (c) => (c.client.fingerprint = server.fingerprint.slice(0, 11))),
    );
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ['dns', true],
      ['tcp', true],
      ['websocket', true],
      ['ssh', true],
      ['fingerprint', true],
      ['auth', true],
    ]);
    expect(result.steps.find((s) => s.step === 'fingerprint')?.message).toContain(server.fingerprint);
    expect(result.steps.find((s) => s.step === 'auth')?.message).toBe('logged in as client1');
    expect(result.steps.every((s) => s.ms >= 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toEqual([]);
    expect(server.clients).toHaveLength(0);
  });

  it('an auth without a colon (Go: empty id and password) is not echoed as the auth id', async () => {
    // Someone typed only the password: Go splits at the first colon, so id and password are both empty.
    const open = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0, clients: { '': '' } });
    try {
      const result = await testConnection(testConfig({ server: open.url, dataDir: data.dir, auth: PASSWORD }));
      expect(result.steps.find((s) => s.step === 'auth')).toMatchObject({ ok: true, message: 'logged in as ' });
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
    } finally {
      await open.stop();
    }
  });

  it('sends new_connection only when asked', async () => {
    const result = await testConnection(config(server.url), { sendNewConnection: true });
    expect(result.ok).toBe(true);
    expect(result.steps.at(-1)).toMatchObject({ step: 'handshake', ok: true });
  });

  it('names the fingerprint step', async () => {
    const result = await testConnection(config(server.url, (c) => (c.client.fingerprint = '00:11:22')));
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)).toMatchObject({
      step: 'fingerprint',
      ok: false,
      message: `invalid fingerprint (${server.fingerprint})`,
    });
  });

  it('names the auth step and keeps the password out of the result', async () => {
    const result = await testConnection(
      testConfig({ server: server.url, dataDir: data.dir, auth: `client1:${PASSWORD}-wrong` }),
    );
    expect(result.steps.at(-1)).toMatchObject({ step: 'auth', ok: false, message: 'Authentication failed' });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('names the dns step', async () => {
    const result = await testConnection(config('no-such-host.invalid:8080'));
    expect(result.steps).toEqual([
      { step: 'dns', ok: false, ms: expect.any(Number), message: 'lookup no-such-host.invalid: no such host' },
    ]);
  });

  it('names the tcp step', async () => {
    const s = net.createServer();
    const port = await listenOnce(s, '127.0.0.1', 0);
    await closeServer(s);
    const result = await testConnection(config(`127.0.0.1:${port}`));
    expect(result.steps.at(-1)).toMatchObject({
      step: 'tcp',
      ok: false,
      message: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  it('names the websocket step', async () => {
    server.faults.rejectWebSocket = 404;
    const result = await testConnection(config(server.url));
    expect(result.steps.at(-1)).toMatchObject({ step: 'websocket', ok: false });
    expect(result.steps.at(-1)?.message).toMatch(/HTTP 404/);
  });

  it('names the ssh step when the peer does not speak SSH', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => false });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.send(Buffer.from('this is not ssh\r\n')));
    try {
      const port = (wss.address() as net.AddressInfo).port;
      const result = await testConnection(config(`127.0.0.1:${port}`), { timeoutMs: 1000 });
      expect(result.steps.at(-1)).toMatchObject({ step: 'ssh', ok: false });
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    }
  });
});
