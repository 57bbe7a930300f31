// Typed access to the ssh2@1.17.0 internals the test rportd needs. ssh2 has no public API for raw global
// requests, raw replies, custom channel types or a non-"SSH-2.0-" ident, so we reach into the same
// internals the verified client prototype uses (docs/protocol.md §11). ssh2 is pinned; a version bump
// that moves these internals fails the self-tests loudly.
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

const require = createRequire(import.meta.url);

export const MSG = {
  GLOBAL_REQUEST: 80,
  REQUEST_SUCCESS: 81,
  REQUEST_FAILURE: 82,
  CHANNEL_OPEN: 90,
} as const;

interface PacketWriter {
  allocStart: number;
  alloc(size: number): Buffer;
  finalize(packet: Buffer): Buffer;
}

export interface ChannelEnd {
  id: number;
  window: number;
  packetSize: number;
  state: string;
}

/** What an ssh2 Channel instance exposes beyond Duplex (internal fields included). */
export interface Ssh2Channel extends Duplex {
  incoming: ChannelEnd;
  outgoing: ChannelEnd;
  close(): void;
  eof(): void;
}

export type ChannelOpenCallback = ((err: Error | undefined, stream?: Ssh2Channel) => void) & { type?: string };

export interface ChanManager {
  add(val?: unknown): number;
  update(id: number, val: unknown): void;
  get(id: number): unknown;
  remove(id: number): void;
}

type Handler = (...args: never[]) => void;

/** ssh2's per-connection Protocol object (lib/protocol/Protocol.js), reduced to what we touch. */
export interface ProtocolInternals {
  _server: boolean;
  _packetRW: { write: PacketWriter };
  _handlers: Record<string, Handler | undefined>;
  _identRaw: Buffer;
  _remoteIdentRaw: Buffer | undefined;
  _onHeader: (header: unknown) => void;
  _destruct?: unknown;
  /** Set by the test server on its own Protocol instances: the hooks the patched handlers call. */
  _rportTestServer?: ServerProtocolHooks;
  channelOpenConfirm(remote: number, local: number, window: number, packetSize: number): void;
  channelOpenFail(remote: number, reason: number, desc: string, lang?: string): void;
  disconnect(reason: number): void;
}

/** ssh2 Connection objects (server-side IncomingClient or Client) carry these. */
export interface Ssh2ConnectionInternals {
  _protocol: ProtocolInternals;
  _chanMgr: ChanManager;
  _sock?: Duplex;
}

export interface IncomingChannelOpen {
  type: string;
  sender: number;
  window: number;
  packetSize: number;
  extra: Buffer;
}

export interface ServerProtocolHooks {
  onRequestFailure(payload: Buffer | null): void;
  onChannelOpen(info: IncomingChannelOpen): void;
}

type RawHandler = (self: ProtocolInternals, payload: Buffer) => void;

const HANDLERS = require('ssh2/lib/protocol/handlers.js') as RawHandler[] & Record<symbol, boolean>;
const utils = require('ssh2/lib/protocol/utils.js') as {
  sendPacket(proto: ProtocolInternals, packet: Buffer, bypass?: boolean): boolean;
};
const channelModule = require('ssh2/lib/Channel.js') as {
  Channel: new (client: unknown, info: unknown, opts?: { server?: boolean }) => Ssh2Channel;
  MAX_WINDOW: number;
  PACKET_SIZE: number;
};

export const MAX_WINDOW = channelModule.MAX_WINDOW;
export const PACKET_SIZE = channelModule.PACKET_SIZE;
export const Channel = channelModule.Channel;

const PATCHED = Symbol.for('rport-test-rportd.server-handler-patch');

/**
 * Installs the server-side handler patches once per loaded copy of ssh2's handler table.
 *
 * The table is shared by every client and server in the process, and the engine (and our reference
 * client) patch entries 82 and 90 for client instances. So each patch only acts on protocol instances
 * that are servers AND carry our hooks (`_rportTestServer`); everything else goes to whatever handler
 * was installed before us. A client-side patch installed after us must likewise delegate server
 * instances to its predecessor (us). If a later patch handles 82 for every instance the ssh2-prototype
 * way (`self._handlers.REQUEST_FAILURE(self, payloadOrNull)`), our per-instance REQUEST_FAILURE handler
 * receives the same arguments, so the server still works.
 */
export function installServerHandlerPatches(): void {
  if (HANDLERS[PATCHED]) return;
  HANDLERS[PATCHED] = true;

  const prevFailure = HANDLERS[MSG.REQUEST_FAILURE];
  HANDLERS[MSG.REQUEST_FAILURE] = (self, payload) => {
    const hooks = self._server ? self._rportTestServer : undefined;
    if (!hooks) return prevFailure?.(self, payload);
    // ssh2 drops the failure payload; Go peers put their error text there.
    hooks.onRequestFailure(payload.length > 1 ? Buffer.from(payload.subarray(1)) : null);
  };

  const prevOpen = HANDLERS[MSG.CHANNEL_OPEN];
  HANDLERS[MSG.CHANNEL_OPEN] = (self, payload) => {
    const hooks = self._server ? self._rportTestServer : undefined;
    if (!hooks) return prevOpen?.(self, payload);
    const info = parseChannelOpen(payload);
    // `session` stays with ssh2 (its SFTP server); every other type is ours, because ssh2 would drop the
    // extra data and reject the type, while rportd accepts any channel type.
    if (!info || info.type === 'session') return prevOpen?.(self, payload);
    hooks.onChannelOpen(info);
  };
}

export function parseChannelOpen(payload: Buffer): IncomingChannelOpen | null {
  if (payload.length < 5) return null;
  const typeLen = payload.readUInt32BE(1);
  const p = 5 + typeLen;
  if (payload.length < p + 12) return null;
  return {
    type: payload.toString('latin1', 5, p),
    sender: payload.readUInt32BE(p),
    window: payload.readUInt32BE(p + 4),
    packetSize: payload.readUInt32BE(p + 8),
    extra: Buffer.from(payload.subarray(p + 12)),
  };
}

export function sendGlobalRequest(
  proto: ProtocolInternals,
  name: string,
  wantReply: boolean,
  data: Buffer | null,
): void {
  const nameLen = Buffer.byteLength(name);
  const dataLen = data ? data.length : 0;
  let p = proto._packetRW.write.allocStart;
  const packet = proto._packetRW.write.alloc(1 + 4 + nameLen + 1 + dataLen);
  packet[p] = MSG.GLOBAL_REQUEST;
  packet.writeUInt32BE(nameLen, ++p);
  packet.write(name, (p += 4), nameLen, 'utf8');
  packet[(p += nameLen)] = wantReply ? 1 : 0;
  if (data && dataLen) packet.set(data, ++p);
  utils.sendPacket(proto, proto._packetRW.write.finalize(packet));
}

export function sendRequestReply(proto: ProtocolInternals, ok: boolean, data: Buffer | null): void {
  const dataLen = data ? data.length : 0;
  const p = proto._packetRW.write.allocStart;
  const packet = proto._packetRW.write.alloc(1 + dataLen);
  packet[p] = ok ? MSG.REQUEST_SUCCESS : MSG.REQUEST_FAILURE;
  if (data && dataLen) packet.set(data, p + 1);
  utils.sendPacket(proto, proto._packetRW.write.finalize(packet));
}

/** Opens a channel of any type with raw extra data (what rportd does for `rport` channels). */
export function openRawChannel(
  conn: Ssh2ConnectionInternals,
  type: string,
  extra: Buffer,
  cb: (err: (Error & { reason?: number }) | undefined, stream?: Ssh2Channel) => void,
): void {
  const proto = conn._protocol;
  const wrapper: ChannelOpenCallback = (err, stream) => cb(err, stream);
  wrapper.type = type; // ssh2's CHANNEL_OPEN_CONFIRMATION handler builds the Channel with this type
  const localChan = conn._chanMgr.add(wrapper);
  if (localChan === -1) {
    cb(new Error('No free channels available'));
    return;
  }
  const typeLen = Buffer.byteLength(type);
  let p = proto._packetRW.write.allocStart;
  const packet = proto._packetRW.write.alloc(1 + 4 + typeLen + 12 + extra.length);
  packet[p] = MSG.CHANNEL_OPEN;
  packet.writeUInt32BE(typeLen, ++p);
  packet.write(type, (p += 4), typeLen, 'latin1');
  packet.writeUInt32BE(localChan, (p += typeLen));
  packet.writeUInt32BE(MAX_WINDOW, (p += 4));
  packet.writeUInt32BE(PACKET_SIZE, (p += 4));
  packet.set(extra, (p += 4));
  utils.sendPacket(proto, proto._packetRW.write.finalize(packet));
}

/** Accepts an incoming channel open that bypassed ssh2's own handler (see installServerHandlerPatches). */
export function acceptIncomingChannel(
  conn: Ssh2ConnectionInternals,
  info: IncomingChannelOpen,
  server: boolean,
): Ssh2Channel | null {
  const localChan = conn._chanMgr.add();
  if (localChan === -1) {
    conn._protocol.channelOpenFail(info.sender, 4 /* RESOURCE_SHORTAGE */, '', '');
    return null;
  }
  const stream = new Channel(
    conn,
    {
      type: info.type,
      incoming: { id: localChan, window: MAX_WINDOW, packetSize: PACKET_SIZE, state: 'open' },
      outgoing: { id: info.sender, window: info.window, packetSize: info.packetSize, state: 'open' },
    },
    { server },
  );
  conn._chanMgr.update(localChan, stream);
  conn._protocol.channelOpenConfirm(info.sender, localChan, MAX_WINDOW, PACKET_SIZE);
  return stream;
}

export const internals = (conn: unknown): Ssh2ConnectionInternals => conn as Ssh2ConnectionInternals;
