// Go encoding/gob for rport UDP tunnels (docs/protocol.md §4.4): a stream of
// UDPMessage{Addr *net.UDPAddr{IP []byte; Port int; Zone string}; Data []byte}.
// This is the test server's own codec, written independently of the engine's: the decoder reads the
// peer's type definitions and matches fields by NAME, as Go's decoder does, so a client that hard-codes
// ids or sends a wrong definition fails here the way it would fail against rportd.

export interface UdpAddr {
  ip: Buffer;
  port: number;
  zone: string;
}

export interface UdpMessage {
  addr: UdpAddr | null;
  data: Buffer;
}

export class GobError extends Error {}

// Builtin gob type ids (encoding/gob type.go).
const T_BOOL = 1;
const T_INT = 2;
const T_UINT = 3;
const T_FLOAT = 4;
const T_BYTES = 5;
const T_STRING = 6;

interface FieldDef {
  name: string;
  id: number;
}
type TypeDef =
  | { kind: 'struct'; name: string; fields: FieldDef[] }
  | { kind: 'slice'; name: string; elem: number }
  | { kind: 'array'; name: string; elem: number; len: number }
  | { kind: 'map'; name: string; key: number; elem: number };

type GobValue = boolean | number | string | Buffer | GobValue[] | { [field: string]: GobValue };

class Reader {
  constructor(
    private readonly buf: Buffer,
    public off: number,
    private readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.off;
  }

  byte(): number {
    if (this.off >= this.end) throw new GobError('gob: unexpected end of message');
    return this.buf[this.off++]!;
  }

  uint(): number {
    const c = this.byte();
    if (c < 0x80) return c;
    const n = 256 - c;
    if (n > 8) throw new GobError(`gob: uint with ${n} bytes`);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.byte();
    return v;
  }

  int(): number {
    const u = this.uint();
    return u % 2 === 1 ? -(Math.floor(u / 2) + 1) : u / 2;
  }

  bytes(): Buffer {
    const n = this.uint();
    if (n > this.remaining) throw new GobError('gob: byte slice longer than message');
    const out = Buffer.from(this.buf.subarray(this.off, this.off + n));
    this.off += n;
    return out;
  }
}

/** Reads one complete `uint(length) body` frame from `buf` at `off`; null when more bytes are needed. */
function readFrame(buf: Buffer, off: number): { start: number; end: number } | null {
  if (off >= buf.length) return null;
  const c = buf[off]!;
  let len: number;
  let start: number;
  if (c < 0x80) {
    len = c;
    start = off + 1;
  } else {
    const n = 256 - c;
    if (n > 8) throw new GobError('gob: bad message length');
    if (off + 1 + n > buf.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + 1 + i]!;
    start = off + 1 + n;
  }
  if (len === 0) throw new GobError('gob: empty message');
  if (start + len > buf.length) return null;
  return { start, end: start + len };
}

export class GobStreamDecoder {
  private readonly types = new Map<number, TypeDef>();
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds stream bytes; returns every complete UDPMessage value. Throws GobError like Go's decoder. */
  push(chunk: Buffer): UdpMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: UdpMessage[] = [];
    let off = 0;
    for (;;) {
      const frame = readFrame(this.pending, off);
      if (!frame) break;
      const r = new Reader(this.pending, frame.start, frame.end);
      const id = r.int();
      if (id < 0) this.defineType(-id, r);
      else out.push(this.decodeTopLevel(id, r));
      if (r.remaining !== 0) throw new GobError('gob: message has trailing bytes');
      off = frame.end;
    }
    this.pending = Buffer.from(this.pending.subarray(off));
    return out;
  }

  private defineType(id: number, r: Reader): void {
    if (id < 64) throw new GobError(`gob: redefinition of builtin type ${id}`);
    if (this.types.has(id)) throw new GobError(`gob: duplicate type id ${id}`);
    const wire = decodeWireType(r);
    this.types.set(id, wire);
  }

  private decodeTopLevel(id: number, r: Reader): UdpMessage {
    const def = this.types.get(id);
    if (!def) throw new GobError(`gob: unknown type id ${id}`);
    if (def.kind !== 'struct') throw new GobError(`gob: top-level value of type ${def.name} is not a struct`);
    const v = this.decodeStruct(def, r);
    return toUdpMessage(def, v, this.types);
  }

  private decodeValue(id: number, r: Reader): GobValue {
    switch (id) {
      case T_BOOL:
        return r.uint() !== 0;
      case T_INT:
        return r.int();
      case T_UINT:
        return r.uint();
      case T_FLOAT:
        return r.uint(); // bit pattern; no rport field is a float
      case T_BYTES:
        return r.bytes();
      case T_STRING:
        return r.bytes().toString('utf8');
    }
    const def = this.types.get(id);
    if (!def) throw new GobError(`gob: unknown type id ${id}`);
    switch (def.kind) {
      case 'struct':
        return this.decodeStruct(def, r);
      case 'slice': {
        const n = r.uint();
        const out: GobValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.decodeValue(def.elem, r));
        return out;
      }
      case 'array': {
        const n = r.uint();
        if (n !== def.len) throw new GobError(`gob: array length ${n} != ${def.len}`);
        const out: GobValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.decodeValue(def.elem, r));
        return out;
      }
      case 'map': {
        const n = r.uint();
        const out: GobValue[] = [];
        for (let i = 0; i < n; i++) out.push([this.decodeValue(def.key, r), this.decodeValue(def.elem, r)]);
        return out;
      }
    }
  }

  private decodeStruct(def: Extract<TypeDef, { kind: 'struct' }>, r: Reader): { [field: string]: GobValue } {
    const out: { [field: string]: GobValue } = {};
    let field = -1;
    for (;;) {
      const delta = r.uint();
      if (delta === 0) return out;
      field += delta;
      const f = def.fields[field];
      if (!f) throw new GobError(`gob: field number ${field} out of range for ${def.name}`);
      out[f.name] = this.decodeValue(f.id, r);
    }
  }
}

function decodeWireType(r: Reader): TypeDef {
  // wireType{ArrayT, SliceT, StructT, MapT, GobEncoderT, BinaryMarshalerT, TextMarshalerT}
  let field = -1;
  let def: TypeDef | null = null;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) break;
    field += delta;
    if (field === 0) def = decodeArrayType(r);
    else if (field === 1) def = decodeSliceType(r);
    else if (field === 2) def = decodeStructType(r);
    else if (field === 3) def = decodeMapType(r);
    else throw new GobError(`gob: unsupported wire type field ${field}`);
  }
  if (!def) throw new GobError('gob: empty type definition');
  return def;
}

function decodeCommon(r: Reader): { name: string; id: number } {
  const out = { name: '', id: 0 };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return out;
    field += delta;
    if (field === 0) out.name = r.bytes().toString('utf8');
    else if (field === 1) out.id = r.int();
    else throw new GobError('gob: bad CommonType');
  }
}

function decodeStructType(r: Reader): TypeDef {
  const def: TypeDef = { kind: 'struct', name: '', fields: [] };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return def;
    field += delta;
    if (field === 0) def.name = decodeCommon(r).name;
    else if (field === 1) {
      const n = r.uint();
      for (let i = 0; i < n; i++) def.fields.push(decodeFieldType(r));
    } else throw new GobError('gob: bad structType');
  }
}

function decodeFieldType(r: Reader): FieldDef {
  const f: FieldDef = { name: '', id: 0 };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return f;
    field += delta;
    if (field === 0) f.name = r.bytes().toString('utf8');
    else if (field === 1) f.id = r.int();
    else throw new GobError('gob: bad fieldType');
  }
}

function decodeSliceType(r: Reader): TypeDef {
  const def: TypeDef = { kind: 'slice', name: '', elem: 0 };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return def;
    field += delta;
    if (field === 0) def.name = decodeCommon(r).name;
    else if (field === 1) def.elem = r.int();
    else throw new GobError('gob: bad sliceType');
  }
}

function decodeArrayType(r: Reader): TypeDef {
  const def: TypeDef = { kind: 'array', name: '', elem: 0, len: 0 };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return def;
    field += delta;
    if (field === 0) def.name = decodeCommon(r).name;
    else if (field === 1) def.elem = r.int();
    else if (field === 2) def.len = r.int();
    else throw new GobError('gob: bad arrayType');
  }
}

function decodeMapType(r: Reader): TypeDef {
  const def: TypeDef = { kind: 'map', name: '', key: 0, elem: 0 };
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return def;
    field += delta;
    if (field === 0) def.name = decodeCommon(r).name;
    else if (field === 1) def.key = r.int();
    else if (field === 2) def.elem = r.int();
    else throw new GobError('gob: bad mapType');
  }
}

function fieldType(def: Extract<TypeDef, { kind: 'struct' }>, name: string): number | undefined {
  return def.fields.find((f) => f.name === name)?.id;
}

/** Maps a decoded struct onto UDPMessage by field names and checks the types as Go's decoder would. */
function toUdpMessage(
  def: Extract<TypeDef, { kind: 'struct' }>,
  v: { [field: string]: GobValue },
  types: Map<number, TypeDef>,
): UdpMessage {
  const addrId = fieldType(def, 'Addr');
  const dataId = fieldType(def, 'Data');
  if (addrId === undefined && dataId === undefined)
    throw new GobError(`gob: type mismatch: no fields matched compiling decoder for UDPMessage (got ${def.name})`);
  if (dataId !== undefined && dataId !== T_BYTES) throw new GobError('gob: wrong type for UDPMessage.Data');
  let addr: UdpAddr | null = null;
  if (addrId !== undefined) {
    const addrDef = types.get(addrId);
    if (!addrDef || addrDef.kind !== 'struct') throw new GobError('gob: wrong type for UDPMessage.Addr');
    const check = (name: string, want: number): void => {
      const id = fieldType(addrDef, name);
      if (id !== undefined && id !== want) throw new GobError(`gob: wrong type for UDPAddr.${name}`);
    };
    check('IP', T_BYTES);
    check('Port', T_INT);
    check('Zone', T_STRING);
    const a = v['Addr'];
    if (a !== undefined && typeof a === 'object' && !Buffer.isBuffer(a) && !Array.isArray(a)) {
      addr = {
        ip: Buffer.isBuffer(a['IP']) ? a['IP'] : Buffer.alloc(0),
        port: typeof a['Port'] === 'number' ? a['Port'] : 0,
        zone: typeof a['Zone'] === 'string' ? a['Zone'] : '',
      };
    }
  }
  const data = v['Data'];
  return { addr, data: Buffer.isBuffer(data) ? data : Buffer.alloc(0) };
}

// --- encoding ---------------------------------------------------------------------------------

function encUint(v: number): Buffer {
  if (v < 0x80) return Buffer.from([v]);
  const bytes: number[] = [];
  while (v > 0) {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return Buffer.from([256 - bytes.length, ...bytes]);
}

function encInt(i: number): Buffer {
  return encUint(i < 0 ? (-i - 1) * 2 + 1 : i * 2);
}

/** What Go 1.19's encoder sends first on every UDP stream: the definitions of UDPMessage (65) and UDPAddr (66). */
export const GO_PREAMBLE = Buffer.from(
  '2bff810301010a5544504d65737361676501ff8200010201044164647201ff8400010444617461010a000000' +
    '2eff83030101075544504164647201ff8400010301024950010a000104506f727401040001045a6f6e65010c000000',
  'hex',
);
const UDP_MESSAGE_TYPE_ID = 65;

/** One value message for type id 65, with Go's zero-field omission. */
export function encodeUdpMessage(msg: UdpMessage): Buffer {
  const parts: Buffer[] = [encInt(UDP_MESSAGE_TYPE_ID)];
  let last = -1;
  if (msg.addr) {
    parts.push(encUint(0 - last));
    last = 0;
    let a = -1;
    if (msg.addr.ip.length) {
      parts.push(encUint(0 - a), encUint(msg.addr.ip.length), msg.addr.ip);
      a = 0;
    }
    if (msg.addr.port) {
      parts.push(encUint(1 - a), encInt(msg.addr.port));
      a = 1;
    }
    if (msg.addr.zone) {
      const z = Buffer.from(msg.addr.zone, 'utf8');
      parts.push(encUint(2 - a), encUint(z.length), z);
    }
    parts.push(Buffer.from([0]));
  }
  if (msg.data.length) parts.push(encUint(1 - last), encUint(msg.data.length), msg.data);
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  return Buffer.concat([encUint(body.length), body]);
}

/** Stateful encoder: the first call also emits the type definitions, as a fresh gob.Encoder does. */
export class GobStreamEncoder {
  private sentPreamble = false;

  encode(msg: UdpMessage): Buffer {
    const value = encodeUdpMessage(msg);
    if (this.sentPreamble) return value;
    this.sentPreamble = true;
    return Buffer.concat([GO_PREAMBLE, value]);
  }
}

/** Go's ReadFromUDP address bytes for an IPv4/IPv6 textual address: 16 bytes (v4-mapped) or 4 bytes. */
export function ipBytes(address: string, v4As16: boolean): Buffer {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (v4) {
    const four = Buffer.from(v4.slice(1, 5).map(Number));
    return v4As16 ? Buffer.concat([Buffer.from('00000000000000000000ffff', 'hex'), four]) : four;
  }
  const [head = '', tail = ''] = address.split('::') as [string?, string?];
  const hs = head ? head.split(':') : [];
  const ts = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...hs, ...Array(8 - hs.length - ts.length).fill('0'), ...ts] : hs;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g as string, 16), i * 2));
  return out;
}

/** Inverse of ipBytes: the address Node's dgram sockets take. */
export function ipString(ip: Buffer): string {
  if (ip.length === 4) return Array.from(ip).join('.');
  if (ip.length === 16) {
    if (ip.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex')))
      return Array.from(ip.subarray(12)).join('.');
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i).toString(16));
    return groups.join(':');
  }
  throw new Error(`bad IP length ${ip.length}`);
}
