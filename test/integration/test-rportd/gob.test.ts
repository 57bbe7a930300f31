// The test server's gob codec against the Go 1.19 vectors of docs/protocol.md §4.4.
import { describe, expect, it } from 'vitest';
import {
  encodeUdpMessage,
  GobError,
  GobStreamDecoder,
  GobStreamEncoder,
  GO_PREAMBLE,
  ipBytes,
  ipString,
} from '../../support/rportd';

const V_TEST123 = Buffer.from('24ff8201011000000000000000000000ffff7f00000101fe60720001077465737431323300', 'hex');
const V_HI = Buffer.from('1fff8201011000000000000000000000ffff7f00000101fe6072000102686900', 'hex');
const V_V6 = Buffer.from('1dff8201011020010db8000000000000000000000001016a000102000100', 'hex');
const V_ZERO = Buffer.from('17ff8201011000000000000000000000ffff0a0000010000', 'hex');

describe('gob codec for rport UDP tunnels', () => {
  it('decodes the Go stream byte by byte (definitions first, then values)', () => {
    const dec = new GobStreamDecoder();
    const all = Buffer.concat([GO_PREAMBLE, V_TEST123, V_HI, V_V6, V_ZERO]);
    const out = [];
    for (const b of all) out.push(...dec.push(Buffer.from([b])));
    expect(out.map((m) => [ipString(m.addr!.ip), m.addr!.port, m.data.toString('hex')])).toEqual([
      ['127.0.0.1', 12345, Buffer.from('test123').toString('hex')],
      ['127.0.0.1', 12345, Buffer.from('hi').toString('hex')],
      ['2001:db8:0:0:0:0:0:1', 53, '0001'],
      ['10.0.0.1', 0, ''],
    ]);
  });

  it('encodes exactly what Go encodes, preamble first', () => {
    const ip = ipBytes('127.0.0.1', true);
    expect(encodeUdpMessage({ addr: { ip, port: 12345, zone: '' }, data: Buffer.from('test123') })).toEqual(V_TEST123);
    expect(
      encodeUdpMessage({ addr: { ip: ipBytes('10.0.0.1', true), port: 0, zone: '' }, data: Buffer.alloc(0) }),
    ).toEqual(V_ZERO);
    expect(
      encodeUdpMessage({ addr: { ip: ipBytes('2001:db8::1', false), port: 53, zone: '' }, data: Buffer.from([0, 1]) }),
    ).toEqual(V_V6);
    const enc = new GobStreamEncoder();
    expect(enc.encode({ addr: { ip, port: 12345, zone: '' }, data: Buffer.from('hi') })).toEqual(
      Buffer.concat([GO_PREAMBLE, V_HI]),
    );
    expect(enc.encode({ addr: { ip, port: 12345, zone: '' }, data: Buffer.from('hi') })).toEqual(V_HI);
  });

  it('rejects a value before its type definition, as Go does', () => {
    expect(() => new GobStreamDecoder().push(V_HI)).toThrow(GobError);
    expect(() => new GobStreamDecoder().push(V_HI)).toThrow(/unknown type id 65/);
  });

  it('matches fields by name: a definition with other field names does not decode as UDPMessage', () => {
    // Same shape as the Go preamble's UDPMessage, but the fields are called "X" and "Y".
    const renamed = Buffer.from(
      GO_PREAMBLE.toString('hex').replace('0441646472', '0458585858').replace('0444617461', '0459595959'),
      'hex',
    );
    expect(() => new GobStreamDecoder().push(Buffer.concat([renamed, V_HI]))).toThrow(/no fields matched/);
  });
});
