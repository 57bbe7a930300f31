// The ssh2 patch's packet padding (patches/ssh2+1.17.0.patch): random bytes from a pool filled 8 KiB at a
// time instead of one randomFillSync per packet, whose native job object V8 frees at the next scavenge
// (README "Performance"). Counted through async_hooks, which sees every randomFill job Node creates.
import { createHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface CipherInfo {
  keyLen: number;
  ivLen: number;
}
interface Ssh2Crypto {
  bindingAvailable: boolean;
  CIPHER_INFO: Record<string, CipherInfo>;
  createCipher(config: { outbound: Record<string, unknown> }): {
    allocPacket(payloadLen: number): Buffer;
    encrypt(packet: Buffer): void;
  };
  createDecipher(config: { inbound: Record<string, unknown> }): {
    decrypt(data: Buffer, p: number, dataLen: number): void;
  };
}
const ssh2Crypto = require('ssh2/lib/protocol/crypto.js') as Ssh2Crypto;

const CIPHER = 'aes128-gcm@openssh.com'; // what the engine negotiates with rportd
const PACKETS = 2000;

function keys(): { info: CipherInfo; key: Buffer; iv: Buffer } {
  const info = ssh2Crypto.CIPHER_INFO[CIPHER] as CipherInfo;
  return { info, key: Buffer.alloc(info.keyLen, 7), iv: Buffer.alloc(info.ivLen, 9) };
}

/** Packets with one payload byte each, as a 1-byte tunnel round trip sends them; plaintexts kept. */
function sendPackets(count: number): { plain: Buffer[]; wire: Buffer[]; randomJobs: number } {
  const { info, key, iv } = keys();
  const wire: Buffer[] = [];
  const cipher = ssh2Crypto.createCipher({
    outbound: {
      onWrite: (b: Buffer) => wire.push(Buffer.from(b)),
      cipherInfo: info,
      cipherKey: key,
      cipherIV: Buffer.from(iv),
      seqno: 0,
    },
  });
  const plain: Buffer[] = [];
  let randomJobs = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'RANDOMBYTESREQUEST') randomJobs++;
    },
  }).enable();
  try {
    for (let i = 0; i < count; i++) {
      const packet = cipher.allocPacket(1);
      packet[5] = i & 0xff;
      plain.push(Buffer.from(packet.subarray(0, packet.length - 16))); // without room for the tag
      cipher.encrypt(packet);
    }
  } finally {
    hook.disable();
  }
  return { plain, wire, randomJobs };
}

describe('ssh2 packet padding', () => {
  it('the native binding of ssh2 is loaded: the cipher path the engine uses and these tests measure', () => {
    expect(ssh2Crypto.bindingAvailable).toBe(true);
  });

  it('takes the random bytes of many packets from one fill, not one random job per packet', () => {
    const { plain, randomJobs } = sendPackets(PACKETS);
    const paddingBytes = plain.reduce((sum, p) => sum + (p[4] as number), 0);
    expect(paddingBytes).toBeGreaterThan(PACKETS * 4);
    // One job per 8 KiB of padding (plus the one in progress); before the patch: one per packet.
    expect(randomJobs).toBeGreaterThanOrEqual(1);
    expect(randomJobs).toBeLessThanOrEqual(Math.ceil(paddingBytes / 8192) + 1);
  });

  it('never hands the same random bytes to two packets', () => {
    const { plain } = sendPackets(PACKETS);
    const paddings = plain.map((p) => p.subarray(6, 6 + (p[4] as number)).toString('hex'));
    expect(new Set(paddings).size).toBe(PACKETS);
    // Across the pool's refills too: no padding is a run of one byte value (an unfilled pool).
    expect(paddings.filter((hex) => /^(..)\1+$/.test(hex))).toEqual([]);
  });

  it('the packets still decrypt to their payload with the same keys', () => {
    const { wire } = sendPackets(50);
    const { info, key, iv } = keys();
    const payloads: number[] = [];
    const decipher = ssh2Crypto.createDecipher({
      inbound: {
        onPayload: (payload: Buffer) => void payloads.push(payload[0] as number),
        decipherInfo: info,
        decipherKey: key,
        decipherIV: Buffer.from(iv),
        seqno: 0,
      },
    });
    const stream = Buffer.concat(wire);
    decipher.decrypt(stream, 0, stream.length);
    expect(payloads).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
