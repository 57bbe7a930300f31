// The Go `encoding/gob` stream of UDP tunnels (docs/protocol.md §4.4): values of
// UDPMessage{Addr *UDPAddr{IP []byte; Port int; Zone string}; Data []byte}, each direction its own stream.
// Only what this one type needs: type definitions are skipped on input; on output the two definition
// messages Go 1.19 emits are sent verbatim (type ids 65 and 66), then values with type id 65.

export interface UdpAddr {
  ip: Buffer;
  port: number;
  zone: string;
}

export interface UdpMessage {
  addr: UdpAddr | null;
  data: Buffer;
}

/** Go 1.19's definitions of UDPMessage (id 65) and UDPAddr (id 66): the preamble of an encoder stream. */
export const GOB_UDP_PREAMBLE: Buffer = Buffer.from(
  '2bff810301010a5544504d65737361676501ff8200010201044164647201ff8400010444617461010a000000' +
    '2eff83030101075544504164647201ff8400010301024950010a000104506f727401040001045a6f6e65010c000000',
  'hex',
);
const UDP_MESSAGE_TYPE_ID = 65;

export class GobDecodeError extends Error {
  constructor(message: string) {
    super(`gob: ${message}`);
    this.name = 'GobDecodeError';
  }
}

/** A cursor over one message body; every read checks bounds. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}

  uint(): number {
    if (this.pos >= this.end) throw new GobDecodeError('unexpected end of message');
    const first = this.buf[this.pos++] ?? 0;
    if (first < 0x80) return first;
    const n = 256 - first;
    if (n > 8 || this.pos + n > this.end) throw new GobDecodeError('bad uint');
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (this.buf[this.pos++] ?? 0);
    return v;
  }

  int(): number {
    const u = this.uint();
    return u % 2 === 1 ? -((u - 1) / 2) - 1 : u / 2;
  }

  bytes(): Buffer {
    const n = this.uint();
    if (this.pos + n > this.end) throw new GobDecodeError('byte slice too long');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function readUdpAddr(r: Reader): UdpAddr {
  const addr: UdpAddr = { ip: Buffer.alloc(0), port: 0, zone: '' };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return addr;
    field += delta;
    if (field === 0) addr.ip = Buffer.from(r.bytes());
    else if (field === 1) addr.port = r.int();
    else if (field === 2) addr.zone = r.bytes().toString('utf8');
    else throw new GobDecodeError(`unknown UDPAddr field ${field}`);
  }
}

function readUdpMessage(r: Reader): UdpMessage {
  const msg: UdpMessage = { addr: null, data: Buffer.alloc(0) };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return msg;
    field += delta;
    if (field === 0) msg.addr = readUdpAddr(r);
    else if (field === 1) msg.data = Buffer.from(r.bytes());
    else throw new GobDecodeError(`unknown UDPMessage field ${field}`);
  }
}

/** Incremental decoder: feed stream chunks, get whole UDPMessages back; throws on malformed input. */
export class GobUdpDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): UdpMessage[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: UdpMessage[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const header = new Reader(buf, pos, buf.length);
      let length: number;
      try {
        length = header.uint();
      } catch {
        break; // the length prefix itself is incomplete
      }
      if (length > 1 << 20) throw new GobDecodeError('message too large');
      const start = header.pos;
      if (start + length > buf.length) break;
      const body = new Reader(buf, start, start + length);
      const typeId = body.int();
      if (typeId > 0) {
        if (typeId < UDP_MESSAGE_TYPE_ID) throw new GobDecodeError(`unexpected type id ${typeId}`);
        const msg = readUdpMessage(body);
        if (body.pos !== start + length) throw new GobDecodeError('length mismatch');
        out.push(msg);
      } else if (typeId === 0) {
        throw new GobDecodeError('type id 0');
      }
      // negative ids are type definitions: skipped
      pos = start + length;
    }
    this.pending = pos >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    return out;
  }
}

function uintSize(v: number): number {
  if (v < 0x80) return 1;
  let n = 0;
  for (let x = v; x > 0; x = Math.floor(x / 256)) n++;
  return n + 1;
}

function writeUint(buf: Buffer, pos: number, v: number): number {
  if (v < 0x80) {
    buf[pos] = v;
    return pos + 1;
  }
  const n = uintSize(v) - 1;
  buf[pos] = 256 - n;
  for (let i = n, x = v; i >= 1; i--, x = Math.floor(x / 256)) buf[pos + i] = x % 256;
  return pos + n + 1;
}

const zigzag = (i: number): number => (i < 0 ? (-i - 1) * 2 + 1 : i * 2);

/** One encoded UDPMessage value (type id 65), length-prefixed, in a single allocation. */
export function encodeUdpMessage(addr: UdpAddr | null, data: Buffer): Buffer {
  const typeId = zigzag(UDP_MESSAGE_TYPE_ID);
  const zoneBytes = addr && addr.zone ? Buffer.from(addr.zone, 'utf8') : null;
  const portZ = addr ? zigzag(addr.port) : 0;
  let body = uintSize(typeId) + 1; // type id + struct terminator
  if (addr) {
    body += 1 + 1; // field delta + nested terminator
    if (addr.ip.length) body += 1 + uintSize(addr.ip.length) + addr.ip.length;
    if (addr.port) body += 1 + uintSize(portZ);
    if (zoneBytes) body += 1 + uintSize(zoneBytes.length) + zoneBytes.length;
  }
  if (data.length) body += 1 + uintSize(data.length) + data.length;
  const out = Buffer.allocUnsafe(uintSize(body) + body);
  let p = writeUint(out, 0, body);
  p = writeUint(out, p, typeId);
  let field = -1;
  if (addr) {
    p = writeUint(out, p, 0 - field);
    field = 0;
    let sub = -1;
    if (addr.ip.length) {
      p = writeUint(out, p, 0 - sub);
      sub = 0;
      p = writeUint(out, p, addr.ip.length);
      addr.ip.copy(out, p);
      p += addr.ip.length;
    }
    if (addr.port) {
      p = writeUint(out, p, 1 - sub);
      sub = 1;
      p = writeUint(out, p, portZ);
    }
    if (zoneBytes) {
      p = writeUint(out, p, 2 - sub);
      p = writeUint(out, p, zoneBytes.length);
      zoneBytes.copy(out, p);
      p += zoneBytes.length;
    }
    out[p++] = 0;
  }
  if (data.length) {
    p = writeUint(out, p, 1 - field);
    p = writeUint(out, p, data.length);
    data.copy(out, p);
    p += data.length;
  }
  out[p++] = 0;
  return out;
}

/** Key for per-source sockets: Go keys them by UDPAddr.String(); equal bytes give equal keys here. */
export function udpAddrKey(addr: UdpAddr | null): string {
  if (!addr) return '<nil>';
  return `${addr.ip.toString('hex')}|${addr.port}|${addr.zone}`;
}
