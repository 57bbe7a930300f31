// rportd's host key is always ECDSA P-256 (docs/protocol.md §2.2). With a seed the key is
// deterministic, like `server.key_seed`; it does not reproduce Go's derivation (no test needs that),
// only "same seed, same key, same fingerprint".
import { createECDH, createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { utils } from 'ssh2';

// Order of the P-256 group.
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export interface HostKey {
  /** PEM (SEC1) private key, as ssh2's Server `hostKeys` takes it. */
  pem: string;
  /** SSH wire-format public key blob. */
  publicBlob: Buffer;
  /** MD5 of the blob as 16 lower-case hex bytes joined by ':' (rportd's format). */
  fingerprint: string;
}

export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

function scalarFromSeed(seed: string): Buffer {
  for (let round = 0; ; round++) {
    const d = createHash('sha256').update(`rport-test-rportd:${round}:${seed}`).digest();
    const n = BigInt(`0x${d.toString('hex')}`);
    if (n > 0n && n < P256_N) return d;
  }
}

function pemFromSeed(seed: string): string {
  const d = scalarFromSeed(seed);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey(); // 0x04 || X || Y
  const b64 = (b: Buffer): string => b.toString('base64url');
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: b64(d), x: b64(pub.subarray(1, 33)), y: b64(pub.subarray(33, 65)) },
    format: 'jwk',
  });
  return key.export({ type: 'sec1', format: 'pem' }).toString();
}

export function makeHostKey(seed?: string): HostKey {
  const pem =
    seed !== undefined
      ? pemFromSeed(seed)
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
          .privateKey.export({ type: 'sec1', format: 'pem' })
          .toString();
  const parsed = utils.parseKey(pem);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key.type !== 'ecdsa-sha2-nistp256') throw new Error(`unexpected host key type ${key?.type}`);
  const publicBlob = key.getPublicSSH();
  return { pem, publicBlob, fingerprint: md5Fingerprint(publicBlob) };
}
