// What patches/ssh2+1.17.0.patch changes for speed (README "Performance"; the packet-size part is tested
// with the large commands it is for):
//   - packet padding: random bytes from a pool filled 8 KiB at a time instead of one randomFillSync per
//     packet, whose native job object V8 frees at the next scavenge. Counted through async_hooks, which
//     sees every randomFill job Node creates;
//   - Channel.destroy(): no end() on a finished channel, which only built an ERR_STREAM_ALREADY_FINISHED.
import { createHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
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

interface ChannelModule {
  Channel: new (client: unknown, info: unknown) => Duplex;
}
const { Channel } = require('ssh2/lib/Channel.js') as ChannelModule;

describe('ssh2 Channel.destroy', () => {
  const side = (id: number): Record<string, unknown> => ({
    id,
    window: 2 * 1024 * 1024,
    packetSize: 32768,
    state: 'open',
  });

  /** An open `rport` channel (ours: 1, the server's: 2) and the messages it sends. */
  const openChannel = (): { channel: Duplex; sent: string[] } => {
    const sent: string[] = [];
    const protocol = {
      channelEOF: (id: number) => sent.push(`eof ${id}`),
      channelClose: (id: number) => sent.push(`close ${id}`),
    };
    return {
      channel: new Channel({ _protocol: protocol }, { type: 'rport', incoming: side(1), outgoing: side(2) }),
      sent,
    };
  };

  it('does not end a channel again once it has ended both ways, and still sends its close', async () => {
    const { channel, sent } = openChannel();
    const finishedAtEnd: boolean[] = [];
    const end = channel.end.bind(channel);
    channel.end = ((...args: Parameters<Duplex['end']>) => {
      finishedAtEnd.push(channel.writableFinished);
      return end(...args);
    }) as Duplex['end'];
    let destroyed = 0;
    const destroy = channel.destroy.bind(channel);
    channel.destroy = ((error?: Error) => {
      destroyed++;
      return destroy(error);
    }) as Duplex['destroy'];

    channel.resume();
    channel.push(null); // the server's EOF
    channel.end(); // ours
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(destroyed).toBe(1); // Node's autoDestroy, after 'finish' and 'end'
    expect(finishedAtEnd).toEqual([false]);
    expect(sent).toEqual(['eof 2', 'close 2']);
  });

  it('still ends a channel that has not finished', () => {
    const { channel, sent } = openChannel();
    channel.destroy();
    expect(channel.writableEnded).toBe(true);
    expect(sent).toContain('close 2');
  });
});
