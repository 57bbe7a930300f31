// Test vectors from docs/protocol.md §4.4 (Go 1.19 gob.NewEncoder output).
import { describe, expect, it } from 'vitest';
import {
  GOB_UDP_PREAMBLE,
  GobDecodeError,
  GobUdpDecoder,
  encodeUdpMessage,
  udpAddrKey,
} from '../../../main/engine/gob-udp-codec';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const PREAMBLE_1 = '2bff810301010a5544504d65737361676501ff8200010201044164647201ff8400010444617461010a000000';
const PREAMBLE_2 = '2eff83030101075544504164647201ff8400010301024950010a000104506f727401040001045a6f6e65010c000000';
const V_TEST123 = '24ff8201011000000000000000000000ffff7f00000101fe60720001077465737431323300';
const V_HI = '1fff8201011000000000000000000000ffff7f00000101fe6072000102686900';
const V_V6 = '1dff8201011020010db8000000000000000000000001016a000102000100';
const V_ZERO = '17ff8201011000000000000000000000ffff0a0000010000';
const mapped = (v4: string): Buffer => hex(`00000000000000000000ffff${v4}`);

describe('gob UDP codec', () => {
  it('uses Go’s two type definitions as the preamble', () => {
    expect(GOB_UDP_PREAMBLE.toString('hex')).toBe(PREAMBLE_1 + PREAMBLE_2);
  });

  it('encodes exactly like Go', () => {
    expect(
      encodeUdpMessage({ ip: mapped('7f000001'), port: 12345, zone: '' }, Buffer.from('test123')).toString('hex'),
    ).toBe(V_TEST123);
    expect(encodeUdpMessage({ ip: mapped('7f000001'), port: 12345, zone: '' }, Buffer.from('hi')).toString('hex')).toBe(
      V_HI,
    );
    expect(
      encodeUdpMessage({ ip: hex('20010db8000000000000000000000001'), port: 53, zone: '' }, hex('0001')).toString(
        'hex',
      ),
    ).toBe(V_V6);
    expect(encodeUdpMessage({ ip: mapped('0a000001'), port: 0, zone: '' }, Buffer.alloc(0)).toString('hex')).toBe(
      V_ZERO,
    );
  });

  it('decodes a Go stream, skipping type definitions, across arbitrary chunk boundaries', () => {
    const stream = Buffer.concat([hex(PREAMBLE_1), hex(PREAMBLE_2), hex(V_TEST123), hex(V_HI), hex(V_V6), hex(V_ZERO)]);
    for (const step of [1, 3, 7, stream.length]) {
      const decoder = new GobUdpDecoder();
      const out = [];
      for (let i = 0; i < stream.length; i += step) out.push(...decoder.push(stream.subarray(i, i + step)));
      expect(out.map((m) => [m.addr?.ip.toString('hex'), m.addr?.port, m.data.toString('hex')])).toEqual([
        ['00000000000000000000ffff7f000001', 12345, Buffer.from('test123').toString('hex')],
        ['00000000000000000000ffff7f000001', 12345, Buffer.from('hi').toString('hex')],
        ['20010db8000000000000000000000001', 53, '0001'],
        ['00000000000000000000ffff0a000001', 0, ''],
      ]);
    }
  });

  it('round-trips large datagrams, zones and negative ports', () => {
    const data = Buffer.alloc(9012, 7);
    const encoded = encodeUdpMessage({ ip: hex('fe800000000000000000000000000001'), port: 65535, zone: 'eth0' }, data);
    const [msg] = new GobUdpDecoder().push(encoded);
    expect(msg?.addr).toEqual({ ip: hex('fe800000000000000000000000000001'), port: 65535, zone: 'eth0' });
    expect(msg?.data.equals(data)).toBe(true);
  });

  it('rejects malformed input', () => {
    expect(() => new GobUdpDecoder().push(hex('03ff8209'))).toThrow(GobDecodeError);
    expect(() => new GobUdpDecoder().push(hex('0100'))).toThrow(GobDecodeError);
  });

  it('keys sources by their exact address bytes', () => {
    expect(udpAddrKey({ ip: mapped('7f000001'), port: 1, zone: '' })).not.toBe(
      udpAddrKey({ ip: hex('7f000001'), port: 1, zone: '' }),
    );
  });
});
