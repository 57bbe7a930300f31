// Who closed a connection the engine gave up on, and whether a resume must wait for the server
// (socket-close-watch.ts, previous-sessions.ts; docs/protocol.md §3.5, §6.6.1). Real loopback sockets.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PreviousSessions } from '../../../main/engine/previous-sessions';
import { SocketCloseWatch } from '../../../main/engine/socket-close-watch';

interface Pair {
  client: net.Socket;
  server: net.Socket;
}

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A connected pair; the server side never ends on its own (allowHalfOpen), like a server that holds on. */
async function pair(): Promise<Pair> {
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  const server = net.createServer({ allowHalfOpen: true }, (s) => accept(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await new Promise((r) => client.once('connect', r));
  const serverSide = await accepted;
  serverSide.resume();
  sockets.push(client, serverSide);
  return { client, server: serverSide };
}

describe('SocketCloseWatch', () => {
  it('settles "server-closed" when the server ends the connection first', async () => {
    const { client, server } = await pair();
    client.resume();
    const watch = new SocketCloseWatch(client);
    expect(watch.settled).toBeNull();
    server.end();
    await expect(watch.released).resolves.toBe('server-closed');
  });

  it('a lingering close sends FIN and waits for the server to close its side', async () => {
    const { client, server } = await pair();
    const watch = new SocketCloseWatch(client);
    watch.lingerOnClose(10_000);
    const serverSawFin = new Promise((r) => server.once('end', r));
    watch.closeLingering();
    await serverSawFin;
    expect(watch.settled).toBeNull();
    server.end();
    await expect(watch.released).resolves.toBe('server-closed');
    await new Promise((r) => setImmediate(r));
    expect(client.destroyed).toBe(true);
  });

  it('cuts the connection when the server has not closed it within the linger time', async () => {
    const { client } = await pair();
    const watch = new SocketCloseWatch(client);
    watch.lingerOnClose(50);
    watch.closeLingering();
    await expect(watch.released).resolves.toBe('cut');
    expect(client.destroyed).toBe(true);
  });

  it('without a socket it is settled at once', () => {
    expect(new SocketCloseWatch(null).settled).toBe('cut');
  });
});

describe('PreviousSessions', () => {
  const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('no previous session: nothing to wait for', async () => {
    expect(await new PreviousSessions().mayStillHold('ws://a', 1000, wait)).toBe(false);
  });

  it('waits for the server to close the previous connection, and stops waiting when it does', async () => {
    const { client, server } = await pair();
    const watch = new SocketCloseWatch(client);
    watch.lingerOnClose(10_000);
    const sessions = new PreviousSessions();
    sessions.remember('ws://a', watch);
    watch.closeLingering();
    setTimeout(() => server.end(), 30);
    const started = Date.now();
    expect(await sessions.mayStillHold('ws://a', 5000, wait)).toBe(false);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await sessions.mayStillHold('ws://b', 5000, wait)).toBe(false);
  });

  it('reports a session the server may still hold after the wait; cutAll ends the wait for good', async () => {
    const { client } = await pair();
    const watch = new SocketCloseWatch(client);
    watch.lingerOnClose(10_000);
    const sessions = new PreviousSessions();
    sessions.remember('ws://a', watch);
    watch.closeLingering();
    expect(await sessions.mayStillHold('ws://a', 20, wait)).toBe(true);
    sessions.cutAll();
    expect(watch.settled).toBe('cut');
    expect(await sessions.mayStillHold('ws://a', 20, wait)).toBe(false);
  });
});
