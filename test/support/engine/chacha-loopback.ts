// A child process for the ssh2-poly1305 test: leaves ssh2's WebAssembly Poly1305 out (before ssh2 is
// loaded, as the engine does), then runs an ssh2 server and client on loopback with chacha20-poly1305
// only, both ways, and prints one JSON line: whether the module was left out and whether the handshake
// and a channel round trip worked.
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CHACHA = 'chacha20-poly1305@openssh.com';

async function main(): Promise<void> {
  const { skipUnusedPoly1305Wasm } = await import('../../../main/engine/ssh2-poly1305');
  const skipped = skipUnusedPoly1305Wasm();
  const { loadSsh2 } = await import('../../../main/engine/ssh2-hooks');
  loadSsh2();
  const ssh2 = (await import('ssh2')).default;
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const server = new ssh2.Server({ hostKeys: [hostKey], algorithms: { cipher: [CHACHA] } }, (client) => {
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec) => {
        const stream = acceptExec();
        stream.end('pong');
        stream.exit(0);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new ssh2.Client();
  const reply = await new Promise<string>((resolve, reject) => {
    client.on('error', reject);
    client.on('ready', () =>
      client.exec('ping', (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.on('close', () => resolve(out));
      }),
    );
    client.connect({ host: '127.0.0.1', port, username: 'u', password: 'p', algorithms: { cipher: [CHACHA] } });
  });
  client.end();
  server.close();
  const standIn = require.cache[require.resolve('ssh2/lib/protocol/crypto/poly1305.js')]?.exports as unknown;
  process.stdout.write(`${JSON.stringify({ skipped, reply, standIn: typeof standIn === 'function' })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(1);
  },
);
