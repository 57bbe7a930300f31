// Reads from tunnel targets into ONE shared buffer (net's `onread`) instead of a fresh 64 KiB Buffer per
// read. A bulk download through a tunnel otherwise allocates every byte twice in the engine (the read,
// then ssh2's packet it is copied into); those large short-lived Buffers are external memory to V8,
// which runs a full mark-compact every ~64 MiB of them — tens of them per GiB, pauses of milliseconds
// that stall every tunnel of the connection (measured: bench/engine.bench.ts, README "Performance").
//
// Sharing is safe because the engine is single-threaded and a read's bytes are used before the next read
// can happen: ssh2 copies them into its packet at once when the channel is open, has nothing queued and
// has window for all of them; otherwise they are copied first (see writeToChannel).
import type { ChannelStream } from './ssh2-hooks';

const READ_BYTES = 64 * 1024; // what net allocates per read by default
let shared: Buffer | null = null;

/** The shared read buffer, allocated on first use. */
export function targetReadBuffer(): Buffer {
  shared ??= Buffer.allocUnsafe(READ_BYTES);
  return shared;
}

/**
 * channel.write() of bytes that live in the shared read buffer: passed as they are when ssh2's _write
 * runs now and copies them all into packets (Writable calls _write synchronously when nothing is queued
 * or in flight; ssh2's Channel._write copies what the window allows and keeps the rest by reference),
 * else a copy. Returns write()'s backpressure answer.
 */
export function writeToChannel(channel: ChannelStream, bytes: Buffer): boolean {
  const consumedNow =
    channel.writableLength === 0 &&
    channel.writableCorked === 0 &&
    channel.outgoing.state === 'open' &&
    channel.outgoing.window >= bytes.length;
  return channel.write(consumedNow ? bytes : Buffer.from(bytes));
}
