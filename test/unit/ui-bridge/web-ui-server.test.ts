// The headless web UI's server on a real loopback socket: token, Host and Origin checks on HTTP and on
// the WebSocket upgrade, static files from the renderer folder only, and contract validation per frame.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { EventMessage, RequestOutcome } from '../../../main/shared/contract';
import { parseRequest } from '../../../main/shared/contract';
import { startWebUi, type WebUi } from '../../../main/ui-bridge/web-ui-server';
import { securityHeaders } from '../../../main/ui-bridge/security-headers';
import type { UiBackend } from '../../../main/ui-bridge/ui-backend';
import { MAX_WS_MESSAGE_BYTES } from '../../../main/ui-bridge/ws-protocol';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';

class FakeBackend implements UiBackend {
  readonly handled: { name: unknown; params: unknown }[] = [];
  /** While set, requests wait for it (a slow app). */
  hold: Promise<void> | null = null;
  private readonly listeners = new Set<(m: EventMessage) => void>();
  async handle(name: unknown, params: unknown): Promise<RequestOutcome<unknown>> {
    const parsed = parseRequest(name, params);
    if (!parsed.ok) return parsed;
    this.handled.push({ name, params });
    if (this.hold) await this.hold;
    return { ok: true, value: null };
  }
  onEvent(listener: (m: EventMessage) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(message: EventMessage) {
    for (const l of this.listeners) l(message);
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(ui: WebUi, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: ui.port,
        path: urlPath,
        method,
        headers: { host: `127.0.0.1:${ui.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

type WsResult = { opened: true; ws: WebSocket } | { opened: false; status: number };

/** Frames received so far, per socket: the hello can arrive in the same tick as `open`. */
const inbox = new WeakMap<WebSocket, { frames: Record<string, unknown>[]; wake: (() => void) | null }>();

function openWs(ui: WebUi, headers: Record<string, string>, urlPath = '/ws'): Promise<WsResult> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${ui.port}${urlPath}`, { headers });
    const box = { frames: [] as Record<string, unknown>[], wake: null as (() => void) | null };
    inbox.set(ws, box);
    ws.on('message', (data) => {
      box.frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      box.wake?.();
    });
    ws.once('open', () => resolve({ opened: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
}

async function nextFrame(
  ws: WebSocket,
  pred: (m: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> {
  const box = inbox.get(ws);
  if (!box) throw new Error('unknown socket');
  for (;;) {
    const index = box.frames.findIndex(pred);
    if (index >= 0) return box.frames.splice(0, index + 1)[index] as Record<string, unknown>;
    await new Promise<void>((resolve) => (box.wake = resolve));
  }
}

let dir = '';
let ui: WebUi | null = null;
let backend: FakeBackend;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-webui-'));
  const root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
  backend = new FakeBackend();
  ui = await startWebUi({ backend, listen: { host: '127.0.0.1', port: 0 }, staticDir: root, token: TOKEN });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await ui?.close();
  ui = null;
  rmSync(dir, { recursive: true, force: true });
});

const cookie = () => `rport_tray_ui_${ui?.port}=${TOKEN}`;
const origin = () => `http://127.0.0.1:${ui?.port}`;

describe('web UI over HTTP', () => {
  it('prints a loopback URL with the token', () => {
    expect(ui?.url).toBe(`http://127.0.0.1:${ui?.port}/?token=${TOKEN}`);
  });

  it('refuses a request without the token (401) and serves nothing', async () => {
    if (!ui) throw new Error('no server');
    for (const p of ['/', '/index.html', '/assets/app.js', '/?token=wrong']) {
      const reply = await get(ui, p);
      expect(reply.status, p).toBe(401);
      expect(reply.body).not.toContain('<title>');
    }
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves the page with a strict CSP', async () => {
    if (!ui) throw new Error('no server');
    const first = await get(ui, `/?token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']?.[0]).toBe(`${cookie()}; Path=/; HttpOnly; SameSite=Strict`);
    const page = await get(ui, '/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>x</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const js = await get(ui, '/assets/app.js', { cookie: cookie() });
    expect(js).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    if (!ui) throw new Error('no server');
    expect((await get(ui, '/', { cookie: cookie(), host: `rebind.example:${ui.port}` })).status).toBe(403);
    expect((await get(ui, '/', { cookie: cookie(), origin: 'http://evil.example' })).status).toBe(403);
  });

  it('serves only files inside the renderer folder, and only GET/HEAD', async () => {
    if (!ui) throw new Error('no server');
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      // Encoded separators survive URL normalisation; only the server's own check stops them.
      '/assets%2f..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/',
      '/nope.js',
    ]) {
      const reply = await get(ui, p, { cookie: cookie() });
      expect(reply.status, p).toBe(404);
      expect(reply.body).not.toContain('outside the root');
    }
    expect((await get(ui, '/', { cookie: cookie() }, 'POST')).status).toBe(405);
  });
});

describe('web UI over WebSocket', () => {
  it('refuses the upgrade without the token, with a wrong Origin, or a foreign Host', async () => {
    if (!ui) throw new Error('no server');
    expect(await openWs(ui, { origin: origin() })).toEqual({ opened: false, status: 401 });
    expect(await openWs(ui, { origin: 'http://evil.example', cookie: cookie() })).toEqual({
      opened: false,
      status: 403,
    });
    expect(await openWs(ui, { cookie: cookie(), host: `evil.example:${ui.port}` })).toEqual({
      opened: false,
      status: 403,
    });
    expect(await openWs(ui, { origin: origin(), cookie: cookie() }, '/other')).toEqual({ opened: false, status: 404 });
    expect(backend.listenerCount).toBe(0);
  });

  it('answers requests, validates every frame, and pushes events', async () => {
    if (!ui) throw new Error('no server');
    const result = await openWs(ui, { origin: origin(), cookie: cookie() });
    if (!result.opened) throw new Error(`refused: ${result.status}`);
    const ws = result.ws;
    sockets.push(ws);
    const hello = await nextFrame(ws);
    expect(hello).toEqual({ kind: 'hello', contractVersion: 1 });

    ws.send(JSON.stringify({ kind: 'request', id: 7, name: 'switchServer', params: { index: 1 } }));
    expect(await nextFrame(ws)).toEqual({ kind: 'response', id: 7, outcome: { ok: true, value: null } });
    expect(backend.handled).toEqual([{ name: 'switchServer', params: { index: 1 } }]);

    ws.send('not json');
    expect(await nextFrame(ws)).toMatchObject({
      id: null,
      outcome: { ok: false, error: { code: 'invalid-request', message: 'the frame is not JSON' } },
    });
    ws.send(JSON.stringify({ kind: 'request', id: 8, name: 'switchServer', params: { index: 'x' } }));
    expect(await nextFrame(ws)).toMatchObject({
      id: 8,
      outcome: { ok: false, error: { message: expect.stringMatching(/^invalid params for switchServer/) } },
    });
    ws.send(JSON.stringify({ kind: 'request', id: '9', name: 'pause' }));
    expect(await nextFrame(ws)).toMatchObject({
      id: null,
      outcome: { ok: false, error: { message: expect.stringContaining('invalid frame: id') } },
    });
    expect(backend.handled).toHaveLength(1);

    const event = nextFrame(ws, (m) => m.kind === 'event');
    backend.emit({ seq: 3, event: { type: 'tunnels', tunnels: [] } });
    expect(await event).toEqual({ kind: 'event', seq: 3, event: { type: 'tunnels', tunnels: [] } });

    ws.close();
    await new Promise((r) => ws.once('close', r));
    // The server sees the close a moment after the client does.
    await vi.waitFor(() => expect(backend.listenerCount).toBe(0));
  });

  it('refuses requests beyond 16 at once from one window instead of queueing them without bound', async () => {
    if (!ui) throw new Error('no server');
    const result = await openWs(ui, { origin: origin(), cookie: cookie() });
    if (!result.opened) throw new Error(`refused: ${result.status}`);
    const ws = result.ws;
    sockets.push(ws);
    await nextFrame(ws);
    let release = () => {};
    backend.hold = new Promise<void>((resolve) => (release = resolve));
    for (let id = 1; id <= 17; id += 1) ws.send(JSON.stringify({ kind: 'request', id, name: 'pause' }));
    expect(await nextFrame(ws)).toMatchObject({
      kind: 'response',
      id: 17,
      outcome: { ok: false, error: { message: 'too many requests at once' } },
    });
    release();
    const answered = new Set<unknown>();
    while (answered.size < 16) answered.add((await nextFrame(ws, (m) => m.kind === 'response')).id);
    expect(backend.handled).toHaveLength(16);
    // The slots are free again.
    ws.send(JSON.stringify({ kind: 'request', id: 18, name: 'pause' }));
    expect(await nextFrame(ws)).toMatchObject({ id: 18, outcome: { ok: true } });
  });

  it('closes a socket that sends a frame over the limit (1009), and only that one', async () => {
    if (!ui) throw new Error('no server');
    const opened = [
      await openWs(ui, { origin: origin(), cookie: cookie() }),
      await openWs(ui, { origin: origin(), cookie: cookie() }),
    ];
    const [big, other] = opened.map((r) => {
      if (!r.opened) throw new Error(`refused: ${r.status}`);
      sockets.push(r.ws);
      return r.ws;
    }) as [WebSocket, WebSocket];
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(MAX_WS_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(backend.handled).toEqual([]);
    other.send(JSON.stringify({ kind: 'request', id: 1, name: 'pause' }));
    expect(await nextFrame(other, (m) => m.kind === 'response')).toMatchObject({ id: 1, outcome: { ok: true } });
  });

  it('lets at most maxClients windows in at once', async () => {
    await ui?.close();
    ui = await startWebUi({
      backend,
      listen: { host: '127.0.0.1', port: 0 },
      staticDir: path.join(dir, 'renderer'),
      token: TOKEN,
      maxClients: 1,
    });
    const first = await openWs(ui, { origin: origin(), cookie: cookie() });
    if (first.opened) sockets.push(first.ws);
    expect(first.opened).toBe(true);
    expect(await openWs(ui, { origin: origin(), cookie: cookie() })).toEqual({ opened: false, status: 503 });
  });

  it('accepts a non-browser client with the bearer token and no Origin', async () => {
    if (!ui) throw new Error('no server');
    const result = await openWs(ui, { authorization: `Bearer ${TOKEN}` });
    expect(result.opened).toBe(true);
    if (result.opened) sockets.push(result.ws);
  });
});

describe('web UI CSP', () => {
  it('names the WebSocket source only where a CSP source can (not an IPv6 address)', () => {
    const csp = (host: string) => securityHeaders(host)['Content-Security-Policy'];
    expect(csp('127.0.0.1:7700')).toContain("connect-src 'self' ws://127.0.0.1:7700;");
    expect(csp('[::1]:7700')).toContain("connect-src 'self';");
    expect(csp('[::1]:7700')).not.toContain('[');
  });
});

describe('web UI binding', () => {
  it('refuses to listen on a non-loopback address', async () => {
    await expect(
      startWebUi({ backend: new FakeBackend(), listen: { host: '0.0.0.0', port: 0 }, staticDir: dir }),
    ).rejects.toThrow(/loopback only/);
  });
});
