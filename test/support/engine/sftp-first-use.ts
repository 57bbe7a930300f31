// A child process for the ssh2-first-use test: loads ssh2 the way the engine does (stand-ins for its SFTP
// client and bcrypt-pbkdf, main/engine/ssh2-first-use.ts), notes what is loaded, then runs an ssh2 server
// with an SFTP subsystem and a client on loopback: the client opens SFTP, asks REALPATH and ends the SFTP
// channel. Prints one JSON line.
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loaded = (part: string): boolean => Object.keys(require.cache).some((file) => file.includes(part));

async function main(): Promise<void> {
  const { loadSsh2 } = await import('../../../main/engine/ssh2-hooks');
  loadSsh2();
  const sftpFile = require.resolve('ssh2/lib/protocol/SFTP.js');
  const standIn = (require.cache[sftpFile]?.exports as { SFTP: new (...args: unknown[]) => object }).SFTP;
  // The stand-in's prototype is linked to the real class's when the real module loads.
  const sftpAtStart = Object.getPrototypeOf(standIn.prototype) !== Object.prototype;
  const naclAtStart = loaded('/tweetnacl/');

  const ssh2 = (await import('ssh2')).default;
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => {
      accept().on('sftp', (acceptSftp) => {
        const sftp = acceptSftp();
        sftp.on('end', () => sftp.end());
        sftp.on('REALPATH', (reqId: number, wanted: string) =>
          sftp.name(reqId, [{ filename: `/root/${wanted}`, longname: '', attrs: {} as never }]),
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new ssh2.Client();
  const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
    client.on('error', reject);
    client.on('ready', () =>
      client.sftp((err, sftp) => {
        if (err) return reject(err);
        sftp.realpath('here', (error, absolute) => {
          if (error) return reject(error);
          // ssh2's lib/utils.js closes a channel unless its constructor is the SFTP class it required.
          sftp.on('close', () =>
            resolve({
              realpath: absolute,
              constructorIsStandIn: sftp.constructor === standIn,
              realClass: (Object.getPrototypeOf(standIn.prototype) as { constructor: { name: string } }).constructor
                .name,
              instanceOfReal: sftp instanceof (Object.getPrototypeOf(standIn.prototype) as object).constructor,
            }),
          );
          sftp.end();
        });
      }),
    );
    client.connect({ host: '127.0.0.1', port, username: 'u', password: 'p' });
  });
  client.end();
  server.close();

  // bcrypt-pbkdf: the stand-in's pbkdf against the package loaded afresh.
  const bcryptFile = createRequire(require.resolve('ssh2/lib/protocol/keyParser.js')).resolve('bcrypt-pbkdf');
  type Pbkdf = (p: Buffer, pl: number, s: Buffer, sl: number, k: Buffer, kl: number, r: number) => number;
  const derive = (pbkdf: Pbkdf): string => {
    const key = Buffer.alloc(32);
    pbkdf(Buffer.from('secret'), 6, Buffer.from('salty salt'), 10, key, 32, 4);
    return key.toString('hex');
  };
  const viaStandIn = derive((require.cache[bcryptFile]?.exports as { pbkdf: Pbkdf }).pbkdf);
  const naclAfterUse = loaded('/tweetnacl/');
  const standInBcrypt = require.cache[bcryptFile];
  delete require.cache[bcryptFile];
  const fresh = derive((require(bcryptFile) as { pbkdf: Pbkdf }).pbkdf);
  require.cache[bcryptFile] = standInBcrypt;

  process.stdout.write(
    `${JSON.stringify({ sftpAtStart, naclAtStart, ...result, pbkdfSame: viaStandIn === fresh, naclAfterUse })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(1);
  },
);
