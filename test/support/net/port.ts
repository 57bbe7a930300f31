// Loopback port helpers for network tests: every server listens on port 0 and reports what it got.
import { connect, createServer, type Server } from 'node:net';

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

/**
 * A port nothing listens on for the whole test: a low one (below the kernel's ephemeral range, so no
 * test's listen(0) can take it, as one can take a freePort()), checked to refuse a connection.
 */
export async function refusedPort(host = '127.0.0.1'): Promise<number> {
  for (const port of [1, 9, 13, 19, 37, 79, 113]) if (await refuses(host, port)) return port;
  throw new Error(`no low port on ${host} refuses connections`);
}

function refuses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
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
