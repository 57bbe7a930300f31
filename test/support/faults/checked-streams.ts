// Byte-exact traffic through tunnels: an echo target on loopback, and a client that writes a known,
// non-repeating stream through a tunnel port and checks that every byte comes back in order (SHA-256 of
// what was sent against what was received). Sockets are tracked so a test can close all of them.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { closeServer, listenOnce } from '../net';

export interface EchoTarget {
  port: number;
  /** Connections the target has accepted so far. */
  accepted(): number;
  /** Connections still open at the target. */
  open(): number;
  close(): Promise<void>;
}

export async function startEchoTarget(): Promise<EchoTarget> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  const port = await listenOnce(server, '127.0.0.1', 0);
  return {
    port,
    accepted: () => accepted,
    open: () => sockets.size,
    async close() {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

/** One chunk of a stream: pseudo-random bytes from `seed` and the chunk's index, so no two chunks repeat. */
export function patternChunk(seed: number, index: number, length: number): Buffer {
  const chunk = Buffer.alloc(length);
  let x = (seed * 2654435761 + index * 40503 + 1) >>> 0;
  for (let i = 0; i + 4 <= length; i += 4) {
    // xorshift32: cheap, and never the same block twice within a stream.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    chunk.writeUInt32LE(x, i);
  }
  return chunk;
}

export function connectTo(port: number, timeoutMs = 10_000): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to 127.0.0.1:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export interface EchoResult {
  sent: number;
  received: number;
  sentSha256: string;
  receivedSha256: string;
}

const CHUNK = 64 * 1024;

/**
 * Writes `size` bytes through an already connected socket to an echo target and reads them back; resolves
 * when all came back, rejects if the socket closes or errors first or `timeoutMs` passes.
 */
export function echoThrough(socket: net.Socket, size: number, seed: number, timeoutMs = 60_000): Promise<EchoResult> {
  const sentHash = createHash('sha256');
  const receivedHash = createHash('sha256');
  let received = 0;
  let sent = 0;
  return new Promise<EchoResult>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`echo of ${size} bytes: only ${received} back after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.on('data', (d: Buffer) => {
      receivedHash.update(d);
      received += d.length;
      if (received >= size) {
        clearTimeout(timer);
        resolve({ sent, received, sentSha256: sentHash.digest('hex'), receivedSha256: receivedHash.digest('hex') });
      }
    });
    socket.once('error', fail);
    socket.once('close', () => {
      if (received < size) fail(new Error(`the socket closed after ${received} of ${size} bytes came back`));
    });
    void (async () => {
      for (let index = 0; sent < size; index++) {
        const chunk = patternChunk(seed, index, Math.min(CHUNK, size - sent));
        sentHash.update(chunk);
        sent += chunk.length;
        if (!socket.write(chunk)) {
          await new Promise<void>((r) => {
            const done = (): void => {
              socket.off('drain', done);
              socket.off('close', done);
              r();
            };
            socket.once('drain', done);
            socket.once('close', done);
          });
          if (socket.destroyed) return;
        }
      }
    })();
  });
}

/** Connects to a tunnel port, echoes `size` bytes and closes the socket; the hashes for the caller. */
export async function echoOnce(port: number, size: number, seed: number, timeoutMs?: number): Promise<EchoResult> {
  const socket = await connectTo(port);
  try {
    return await echoThrough(socket, size, seed, timeoutMs);
  } finally {
    socket.destroy();
  }
}

/** Resolves when the socket has closed (ended or destroyed by either side). */
export function closedOf(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}
