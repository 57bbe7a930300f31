// A TLS terminator in front of the test rportd, for wss:// tests: it serves the test `localhost`
// certificate (signed by fixtures/test-ca.crt) and forwards the plain bytes to the rportd port.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** The CA the engine must trust (createEngine({ tlsCa })) for the front's certificate. */
export const TEST_CA_PEM: Buffer = fixture('test-ca.crt');

export interface TlsFront {
  port: number;
  /** SNI names the clients sent. */
  serverNames: string[];
  close(): Promise<void>;
}

export async function startTlsFront(targetPort: number, host = '127.0.0.1'): Promise<TlsFront> {
  const serverNames: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: fixture('localhost.crt'), key: fixture('localhost.key') }, (socket) => {
    serverNames.push((socket as tls.TLSSocket & { servername?: string | false }).servername || '');
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(socket);
    sockets.add(upstream);
    socket.pipe(upstream).pipe(socket);
    const close = (): void => {
      socket.destroy();
      upstream.destroy();
      sockets.delete(socket);
      sockets.delete(upstream);
    };
    socket.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    serverNames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
