// Loopback port helpers for network tests: every server listens on port 0 and reports what it got.
import { createServer, type Server } from 'node:net';

/** Listens `server` (net/http/ws-capable) on host:port (0 = random) and resolves the bound port. */
export function listenOnce(server: Server, host = '127.0.0.1', port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * A port that was free a moment ago (bind to 0, read, close). Racy by nature: prefer listening on 0
 * yourself; use this only for something that must be configured before it listens.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const srv = createServer();
  const port = await listenOnce(srv, host, 0);
  await closeServer(srv);
  return port;
}

/** Closes a server; resolves even if it was not listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** True for addresses tests may talk to: 127.0.0.0/8 and ::1 (also as IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}
