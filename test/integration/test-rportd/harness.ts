// Shared setup for the test rportd self-tests: every server, client and socket made through here is
// closed in afterEach, so no test leaks listeners or timers.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { startTestRportd, type TestRportd, type TestRportdOptions } from '../../support/rportd';
import {
  connectReferenceClient,
  type ReferenceClient,
  type ReferenceClientOptions,
} from '../../support/rportd/reference-client';
import { closeServer, listenOnce } from '../../support/net';

const cleanups: (() => Promise<unknown> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c();
  }
});

export function onCleanup(fn: () => Promise<unknown> | void): void {
  cleanups.push(fn);
}

export async function server(opts: TestRportdOptions = {}): Promise<TestRportd> {
  const s = await startTestRportd(opts);
  onCleanup(() => s.stop());
  return s;
}

export async function client(srv: TestRportd, opts: Partial<ReferenceClientOptions> = {}): Promise<ReferenceClient> {
  const c = await connectReferenceClient({ url: srv.url, fingerprint: srv.fingerprint, ...opts });
  onCleanup(() => c.close());
  return c;
}

/** A reference client that completed new_connection, and the server's view of it. */
export async function connected(
  srv: TestRportd,
  overrides: Record<string, unknown> = {},
  opts: Partial<ReferenceClientOptions> = {},
) {
  const c = await client(srv, opts);
  const reply = await c.newConnection(overrides);
  if (!reply.ok) throw new Error(`new_connection failed: ${reply.payload.toString()}`);
  const id = (overrides['ID'] as string | undefined) ?? 'ref-client-1';
  const tc = await srv.waitForClient((x) => x.clientId === id);
  return { c, tc, reply };
}

/** A loopback TCP echo server. */
export async function echoServer(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const srv = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  const port = await listenOnce(srv);
  onCleanup(() => {
    for (const s of sockets) s.destroy();
    return closeServer(srv);
  });
  return { port, server: srv, sockets };
}

export function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
