// Raw HTTP requests to the web UI with full control of the headers a browser or an attacker would send
// (Host, Origin, Cookie, Authorization, the WebSocket upgrade ones): resolves the status code the server
// answered with, or 101 when it accepted a WebSocket upgrade.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

export interface ProbeOptions {
  host?: string;
  port: number;
  path?: string;
  headers?: Record<string, string>;
  /** Send the WebSocket upgrade headers. */
  upgrade?: boolean;
}

export interface ProbeResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function probe(o: ProbeOptions): Promise<ProbeResult> {
  const headers: Record<string, string> = {
    ...(o.upgrade
      ? {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        }
      : {}),
    ...o.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: o.host ?? '127.0.0.1',
      port: o.port,
      path: o.path ?? '/',
      method: 'GET',
      headers,
      setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host'),
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new Error('probe timed out')), 10_000);
    req.on('upgrade', (res, socket) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}
