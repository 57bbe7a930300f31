// The headless web UI: the same renderer as the Electron window, served on loopback, with the UI
// contract over a WebSocket. Guarded by a random token (see request-guard.ts for the checks).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  hostWithPort,
  isLoopbackAddress,
  ListenAddressError,
  webUiListenError,
  type ListenAddress,
} from './listen-address';
import { createToken, RequestGuard } from './request-guard';
import { securityHeaders } from './security-headers';
import { serveStatic } from './static-files';
import type { UiBackend } from './ui-backend';
import { attachWsSession } from './ws-session';
import { MAX_WS_MESSAGE_BYTES, WS_PATH } from './ws-protocol';

export interface WebUiOptions {
  backend: UiBackend;
  listen: ListenAddress;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Tests pass one; otherwise a fresh random token. */
  token?: string;
  /** Refusals and socket errors, for the log (never the token). */
  onLog?: (level: 'info' | 'warn', message: string) => void;
  /** At most this many windows at once. */
  maxClients?: number;
}

export interface WebUi {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL that opens the UI. */
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export async function startWebUi(options: WebUiOptions): Promise<WebUi> {
  const { host } = options.listen;
  if (!isLoopbackAddress(host)) {
    throw new ListenAddressError(`the web UI listens on loopback only; ${host} is not a loopback address`);
  }
  const token = options.token ?? createToken();
  const log = options.onLog ?? (() => {});
  const maxClients = options.maxClients ?? 8;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  // The guard and headers need the real port, known only after listen(); requests cannot arrive before.
  let guard: RequestGuard | null = null;
  let headers: Record<string, string> = {};

  const server = createServer((req, res) => {
    if (!guard) return refuseHttp(res, 503, 'starting', headers);
    void handleHttp(req, res, guard);
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse, g: RequestGuard): Promise<void> {
    const verdict = g.check(req);
    if (!verdict.ok) {
      log('warn', `web UI refused ${req.method} ${pathOnly(req.url)}: ${verdict.reason}`);
      return refuseHttp(res, verdict.status, verdict.reason, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuseHttp(res, 405, 'only GET and HEAD', { ...headers, Allow: 'GET, HEAD' });
    }
    if (verdict.via === 'query') {
      // Trade the token in the address bar for a cookie, so it leaves the history and screenshots.
      res.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': g.sessionCookie(token) });
      res.end();
      return;
    }
    await serveStatic(options.staticDir, req, res, headers);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const g = guard;
    const verdict = g ? g.check(req) : ({ ok: false, status: 403, reason: 'starting' } as const);
    const path = pathOnly(req.url);
    if (!verdict.ok || path !== WS_PATH || wss.clients.size >= maxClients) {
      const status = !verdict.ok ? verdict.status : path !== WS_PATH ? 404 : 503;
      const reason = !verdict.ok ? verdict.reason : path !== WS_PATH ? 'no such socket' : 'too many windows';
      log('warn', `web UI refused a WebSocket upgrade: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachWsSession(ws, options.backend, (m) => log('warn', m)));
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error): void => reject(webUiListenError(host, options.listen.port, err));
    server.once('error', fail);
    server.listen({ host, port: options.listen.port, exclusive: true }, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  guard = new RequestGuard({ token, host, port });
  headers = securityHeaders(hostWithPort(host, port));
  const url = `http://${hostWithPort(host, port)}/?token=${token}`;
  log('info', `web UI listening on http://${hostWithPort(host, port)}/`);

  return {
    url,
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuseHttp(res: ServerResponse, status: number, reason: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${statusText(status)}: ${reason}\n`);
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}

function pathOnly(url: string | undefined): string {
  return new URL(url ?? '/', 'http://placeholder').pathname;
}
