// The ssh2 hooks an RPort client needs (docs/protocol.md §2.1, §11.3, §11.4), on ssh2 internals, so the
// version is pinned exactly and checked here before anything is patched.
//
// Why hooks at all: ssh2's client (1) rejects rportd's ident `SSH-rport-v1-server`, (2) has no API for
// custom global requests in either direction and drops the REQUEST_FAILURE payload (rportd's error
// text), and (3) drops the extra data of unknown channel types and auto-rejects them (`rport` tunnels).
//
// What is patched, and how it stays safe in a process that also runs ssh2 *servers* (the test rportd):
//   - Per client instance (no global effect): `proto._onHeader` is wrapped to restore the real server
//     ident for the key-exchange hash; `proto._handlers.GLOBAL_REQUEST/REQUEST_SUCCESS/REQUEST_FAILURE`
//     are replaced on that instance's own handler table.
//   - Process-global message table `ssh2/lib/protocol/handlers.js` entries 82 (REQUEST_FAILURE) and 90
//     (CHANNEL_OPEN): replaced by wrappers that act only for protocol objects carrying our marker
//     (`Symbol.for('rport-tray.ssh2-client-hooks')`, set on client instances we create) and otherwise call
//     whatever handler was there before (the original or another module's wrapper, e.g. the test rportd's
//     server-side patch). Installed once per process; the marker on the table makes re-imports (vitest
//     module isolation, two bundles) reuse the installed wrappers instead of stacking new ones.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { loadSsh2ModulesOnFirstUse } from './ssh2-first-use';
import { skipUnusedPoly1305Wasm } from './ssh2-poly1305';

const require = createRequire(import.meta.url);

export const PINNED_SSH2_VERSION = '1.17.0';

/**
 * SHA-256 of the ssh2 1.17.0 files whose internals the hooks rely on. Any change (an upgrade, a local
 * patch) fails loudly before the first connection instead of failing strangely against rportd.
 */
export const SSH2_INTERNALS_SHA256: Readonly<Record<string, string>> = {
  'lib/protocol/handlers.js': 'b15f990134a4f69b7492d0b875d80d8c28228907045619b01ec30871ac711df9',
  'lib/protocol/handlers.misc.js': '8927c504c3c338187f36f0304a3452d6396ec9fc907af3db2be46a5f175c36a1',
  'lib/protocol/Protocol.js': 'c1104b49087de7a91cd3ffaac8807c05eebf49f61effd084d0b0caf29fde6af4',
  'lib/protocol/kex.js': '054ba4b81801596350f0e2e939746d2966297cffd4303b342c25b2fd5d295755',
  'lib/protocol/utils.js': '402b39e75ede9e3dc99af5e8af008602546f35aa1472bd4232c06f606987f053',
  'lib/client.js': 'edd3484daa9d942bc5a6412edc9cf11f85df40b2db10b07877bbfe694beac7f4',
  // As patched: destroy() ends a channel only while it is not finished (every closed tunnel channel built an
  // ERR_STREAM_ALREADY_FINISHED with its stack before; README "Performance").
  'lib/Channel.js': '67d14f6b98f9a586c166f9616ff8dbd7887207312fb5123912255ed6288656a2',
  'lib/utils.js': 'bbae8286bc64b049499ce353e8dc4eefbbedefca8f50591432c1057276097aee',
  // As patched by patches/ssh2+1.17.0.patch (npm postinstall): incoming packets up to 256 KiB like rportd's
  // x/crypto, instead of ssh2's 35000 bytes, so a large run_cmd script from rportd does not drop the link;
  // packet padding from a pool of random bytes instead of one randomFillSync per packet (README "Performance").
  'lib/protocol/crypto.js': 'abc2c92c1d68d6f121d568cad819d6613ac3ac406e16ba4ea74513bcd521147a',
};

export class Ssh2HooksError extends Error {
  constructor(message: string) {
    super(`ssh2 hooks: ${message}`);
    this.name = 'Ssh2HooksError';
  }
}

const MSG_GLOBAL_REQUEST = 80;
const MSG_REQUEST_SUCCESS = 81;
const MSG_REQUEST_FAILURE = 82;
const MSG_CHANNEL_OPEN = 90;

/** The SSH_OPEN_ADMINISTRATIVELY_PROHIBITED reason code. */
export const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

// ---- the internal shapes we touch --------------------------------------------------------------

type MessageHandler = (self: ProtocolInternals, payload: Buffer) => void;

interface PacketWriter {
  allocStart: number;
  alloc(size: number, force?: boolean): Buffer;
  finalize(packet: Buffer, force?: boolean): Buffer;
}

export interface ProtocolInternals {
  _packetRW: { write: PacketWriter };
  _handlers: Record<string, unknown>;
  _onHeader: (header: unknown) => void;
  _remoteIdentRaw: Buffer | undefined;
  _server?: boolean;
  channelOpenConfirm(remote: number, local: number, initWindow: number, maxPacket: number): void;
  channelOpenFail(remote: number, reason: number, desc: string, lang?: string): void;
  [HOOKS_KEY]?: ClientProtocolHooks;
}

interface ChannelManagerInternals {
  add(val?: unknown): number;
  update(id: number, val: unknown): void;
  remove(id: number): void;
}

/** The ssh2 Client instance fields the hooks use. */
export interface ClientInternals {
  _protocol: ProtocolInternals;
  _chanMgr: ChannelManagerInternals;
}

export interface ChannelStream extends Duplex {
  close(): void;
  eof(): void;
  incoming: { id: number; window: number; packetSize: number; state: string };
  outgoing: { id: number; window: number; packetSize: number; state: string };
}

type ChannelCtor = new (client: unknown, info: unknown, opts?: unknown) => ChannelStream;

export interface Ssh2Module {
  version: string;
  Client: new () => Client;
  sendPacket: (proto: ProtocolInternals, packet: Buffer, bypass?: boolean) => boolean;
  Channel: ChannelCtor;
  MAX_WINDOW: number;
  PACKET_SIZE: number;
}

/** What one client connection wants to hear from the patched handlers. */
export interface ClientProtocolHooks {
  onRequestSuccess(payload: Buffer | null): void;
  onRequestFailure(payload: Buffer | null): void;
  onGlobalRequest(name: string, wantReply: boolean, payload: Buffer | null): void;
  onRportChannelOpen(info: IncomingChannelOpen): void;
}

export interface IncomingChannelOpen {
  type: string;
  sender: number;
  window: number;
  packetSize: number;
  /** Raw channel-type-specific data: for `rport`, `host:port[/udp]`. */
  extra: Buffer;
}

const HOOKS_KEY: unique symbol = Symbol.for('rport-tray.ssh2-client-hooks') as never;
const INSTALLED_KEY = Symbol.for('rport-tray.ssh2-client-hooks.installed');

// ---- version guard -----------------------------------------------------------------------------

function ssh2Root(): string {
  return path.dirname(require.resolve('ssh2/package.json'));
}

/** Throws Ssh2HooksError unless the installed ssh2 is exactly the pinned version with unchanged internals. */
export function assertSsh2Compatible(
  root: string = ssh2Root(),
  expected: Readonly<Record<string, string>> = SSH2_INTERNALS_SHA256,
  expectedVersion: string = PINNED_SSH2_VERSION,
): void {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  if (pkg.version !== expectedVersion) {
    throw new Ssh2HooksError(
      `ssh2 must be exactly ${expectedVersion} (found ${String(pkg.version)}); the RPort hooks patch its internals. ` +
        'Re-check every hook in main/engine/ssh2-hooks.ts against the new version before changing the pin.',
    );
  }
  const changed = Object.entries(expected)
    .filter(([file, hash]) => {
      let content: Buffer;
      try {
        content = readFileSync(path.join(root, file));
      } catch {
        return true;
      }
      return createHash('sha256').update(content).digest('hex') !== hash;
    })
    .map(([file]) => file);
  if (changed.length > 0) {
    throw new Ssh2HooksError(`ssh2 ${expectedVersion} internals differ from the verified copy: ${changed.join(', ')}`);
  }
}

function assertShape(handlers: unknown[], mod: Ssh2Module, protoProto: Record<string, unknown>): void {
  for (const id of [MSG_GLOBAL_REQUEST, MSG_REQUEST_SUCCESS, MSG_REQUEST_FAILURE, MSG_CHANNEL_OPEN]) {
    if (typeof handlers[id] !== 'function') throw new Ssh2HooksError(`message handler ${id} missing`);
  }
  if (typeof mod.sendPacket !== 'function') throw new Ssh2HooksError('protocol/utils.sendPacket missing');
  if (typeof mod.Channel !== 'function') throw new Ssh2HooksError('Channel class missing');
  if (typeof mod.MAX_WINDOW !== 'number' || typeof mod.PACKET_SIZE !== 'number') {
    throw new Ssh2HooksError('Channel MAX_WINDOW/PACKET_SIZE missing');
  }
  for (const method of ['channelOpenConfirm', 'channelOpenFail', 'channelData']) {
    if (typeof protoProto[method] !== 'function') throw new Ssh2HooksError(`Protocol.${method} missing`);
  }
}

// ---- global patches ----------------------------------------------------------------------------

function hooksOf(self: ProtocolInternals): ClientProtocolHooks | undefined {
  return self[HOOKS_KEY];
}

function installGlobalPatches(handlers: MessageHandler[] & { [INSTALLED_KEY]?: true }): void {
  if (handlers[INSTALLED_KEY]) return;
  const previousFailure = handlers[MSG_REQUEST_FAILURE] as MessageHandler;
  handlers[MSG_REQUEST_FAILURE] = (self, payload) => {
    const hooks = hooksOf(self);
    if (!hooks) return previousFailure(self, payload);
    // Go peers put the error text after the message byte; ssh2 would drop it.
    hooks.onRequestFailure(payload.length > 1 ? Buffer.from(payload.subarray(1)) : null);
  };
  const previousOpen = handlers[MSG_CHANNEL_OPEN] as MessageHandler;
  handlers[MSG_CHANNEL_OPEN] = (self, payload) => {
    const hooks = hooksOf(self);
    if (!hooks || payload.length < 5) return previousOpen(self, payload);
    const typeLen = payload.readUInt32BE(1);
    const p = 5 + typeLen;
    if (p + 12 > payload.length) return previousOpen(self, payload);
    const type = payload.toString('latin1', 5, p);
    if (type !== 'rport') return previousOpen(self, payload);
    hooks.onRportChannelOpen({
      type,
      sender: payload.readUInt32BE(p),
      window: payload.readUInt32BE(p + 4),
      packetSize: payload.readUInt32BE(p + 8),
      extra: Buffer.from(payload.subarray(p + 12)),
    });
  };
  Object.defineProperty(handlers, INSTALLED_KEY, { value: true });
}

let loaded: Ssh2Module | null = null;

/** Loads ssh2 through the same module cache ssh2 itself uses, checks it and installs the global patches. */
export function loadSsh2(): Ssh2Module {
  if (loaded) return loaded;
  assertSsh2Compatible();
  skipUnusedPoly1305Wasm();
  loadSsh2ModulesOnFirstUse();
  const pkg = require('ssh2/package.json') as { version: string };
  // The client alone: ssh2's index also loads its server, key generator and HTTP agents (http, https),
  // none of which a client uses (README "Memory").
  const Client = require('ssh2/lib/client.js') as Ssh2Module['Client'];
  const handlers = require('ssh2/lib/protocol/handlers.js') as MessageHandler[];
  const { sendPacket } = require('ssh2/lib/protocol/utils.js') as { sendPacket: Ssh2Module['sendPacket'] };
  const channelModule = require('ssh2/lib/Channel.js') as {
    Channel: ChannelCtor;
    MAX_WINDOW: number;
    PACKET_SIZE: number;
  };
  const protocolModule = require('ssh2/lib/protocol/Protocol.js') as { prototype: Record<string, unknown> };
  const mod: Ssh2Module = {
    version: pkg.version,
    Client,
    sendPacket,
    Channel: channelModule.Channel,
    MAX_WINDOW: channelModule.MAX_WINDOW,
    PACKET_SIZE: channelModule.PACKET_SIZE,
  };
  assertShape(handlers, mod, protocolModule.prototype);
  installGlobalPatches(handlers);
  loaded = mod;
  return mod;
}

// ---- per-client hooks --------------------------------------------------------------------------

export function clientInternals(client: Client): ClientInternals {
  const internals = client as unknown as Partial<ClientInternals>;
  if (!internals._protocol || !internals._chanMgr)
    throw new Ssh2HooksError('client has no _protocol/_chanMgr (call after connect())');
  return internals as ClientInternals;
}

/**
 * Call right after `client.connect({ sock, ... })`, before any byte is read: routes this client's global
 * requests, replies and `rport` channel opens to `hooks`, and restores the server's real ident line
 * (`originalIdent()`, remembered by the transport that rewrote it) for the key-exchange hash.
 */
export function attachClientHooks(
  client: Client,
  hooks: ClientProtocolHooks,
  originalIdent: () => Buffer | null,
): void {
  loadSsh2();
  const proto = clientInternals(client)._protocol;
  proto[HOOKS_KEY] = hooks;
  const onHeader = proto._onHeader;
  // ssh2 sets _remoteIdentRaw (from the rewritten line) just before calling _onHeader; KEX copies it
  // later, when KEXINIT is handled, so restoring it here puts the real V_S into the exchange hash.
  proto._onHeader = (header: unknown) => {
    const ident = originalIdent();
    if (ident) proto._remoteIdentRaw = ident;
    onHeader(header);
  };
  proto._handlers.REQUEST_SUCCESS = (_p: unknown, data: Buffer | null) =>
    hooks.onRequestSuccess(data && data.length ? Buffer.from(data) : null);
  // Reached only through our table patch (which passes the payload); kept for completeness.
  proto._handlers.REQUEST_FAILURE = (_p: unknown, data?: Buffer | null) => hooks.onRequestFailure(data ?? null);
  proto._handlers.GLOBAL_REQUEST = (_p: unknown, name: string, wantReply: boolean, data: unknown) =>
    hooks.onGlobalRequest(name, wantReply, Buffer.isBuffer(data) ? Buffer.from(data) : null);
}

/** Detaches the hooks (the connection is over); late packets then take ssh2's own paths. */
export function detachClientHooks(client: Client): void {
  const internals = client as unknown as Partial<ClientInternals>;
  if (internals._protocol) delete internals._protocol[HOOKS_KEY];
}

/** SSH_MSG_GLOBAL_REQUEST with raw request data (no ssh2 API exists for custom requests). */
export function sendGlobalRequest(client: Client, name: string, wantReply: boolean, data: Buffer | null): void {
  const { sendPacket } = loadSsh2();
  const proto = clientInternals(client)._protocol;
  const nameLen = Buffer.byteLength(name);
  const dataLen = data ? data.length : 0;
  const w = proto._packetRW.write;
  let p = w.allocStart;
  const packet = w.alloc(1 + 4 + nameLen + 1 + dataLen);
  packet[p] = MSG_GLOBAL_REQUEST;
  packet.writeUInt32BE(nameLen, ++p);
  packet.write(name, (p += 4), nameLen, 'utf8');
  packet[(p += nameLen)] = wantReply ? 1 : 0;
  if (data && dataLen) packet.set(data, ++p);
  sendPacket(proto, w.finalize(packet));
}

/** SSH_MSG_REQUEST_SUCCESS / _FAILURE with a raw payload (ssh2's requestFailure() cannot carry text). */
export function sendRequestReply(client: Client, ok: boolean, payload: Buffer | null): void {
  const { sendPacket } = loadSsh2();
  const proto = clientInternals(client)._protocol;
  const dataLen = payload ? payload.length : 0;
  const w = proto._packetRW.write;
  const p = w.allocStart;
  const packet = w.alloc(1 + dataLen);
  packet[p] = ok ? MSG_REQUEST_SUCCESS : MSG_REQUEST_FAILURE;
  if (payload && dataLen) packet.set(payload, p + 1);
  sendPacket(proto, w.finalize(packet));
}

/** Accepts an incoming channel: a regular ssh2 Channel stream wired into the client's channel table. */
export function acceptChannel(client: Client, info: IncomingChannelOpen): ChannelStream | null {
  const { Channel, MAX_WINDOW, PACKET_SIZE } = loadSsh2();
  const { _chanMgr: chanMgr, _protocol: proto } = clientInternals(client);
  const localChan = chanMgr.add();
  if (localChan === -1) return null;
  const stream = new Channel(client, {
    type: info.type,
    incoming: { id: localChan, window: MAX_WINDOW, packetSize: PACKET_SIZE, state: 'open' },
    outgoing: { id: info.sender, window: info.window, packetSize: info.packetSize, state: 'open' },
  });
  chanMgr.update(localChan, stream);
  proto.channelOpenConfirm(info.sender, localChan, MAX_WINDOW, PACKET_SIZE);
  return stream;
}

export function rejectChannel(client: Client, sender: number, reason: number, description: string): void {
  clientInternals(client)._protocol.channelOpenFail(sender, reason, description, '');
}

/**
 * Opens a client → server channel of a custom type with raw extra data (§11.5, `stdout`/`stderr`).
 * ssh2's own CHANNEL_OPEN_CONFIRMATION handler builds the Channel and calls back.
 */
export function openCustomChannel(client: Client, type: string, extra: Buffer): Promise<ChannelStream> {
  const { sendPacket, MAX_WINDOW, PACKET_SIZE } = loadSsh2();
  const { _chanMgr: chanMgr, _protocol: proto } = clientInternals(client);
  return new Promise((resolve, reject) => {
    const callback = Object.assign(
      (err: Error | undefined, stream?: ChannelStream) =>
        err || !stream ? reject(err ?? new Error('no channel')) : resolve(stream),
      { type },
    );
    const localChan = chanMgr.add(callback);
    if (localChan === -1) return reject(new Error('no free channel ids'));
    const typeLen = Buffer.byteLength(type);
    const w = proto._packetRW.write;
    let p = w.allocStart;
    const packet = w.alloc(1 + 4 + typeLen + 12 + extra.length);
    packet[p] = MSG_CHANNEL_OPEN;
    packet.writeUInt32BE(typeLen, ++p);
    packet.write(type, (p += 4), typeLen, 'latin1');
    packet.writeUInt32BE(localChan, (p += typeLen));
    packet.writeUInt32BE(MAX_WINDOW, (p += 4));
    packet.writeUInt32BE(PACKET_SIZE, (p += 4));
    packet.set(extra, (p += 4));
    sendPacket(proto, w.finalize(packet));
  });
}
