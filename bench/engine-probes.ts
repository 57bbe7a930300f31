// Loopback probes for the engine bench: a sink and a source for throughput both ways, an echo for round
// trips, the round-trip and throughput loops (the same code for the direct baseline and the tunnel), a
// bare idle Node process for the idle baseline, and CPU pinning for the same-core round-trip figure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

const CHUNK = randomBytes(256 * 1024);

/** Counts what arrives and resolves a waiter when its total is in. */
export function startSink(): { server: net.Server; expect(bytes: number): Promise<void> } {
  let pending: { bytes: number; got: number; resolve: () => void } | null = null;
  const server = net.createServer((s) => {
    s.on('data', (d: Buffer) => {
      if (!pending) return;
      pending.got += d.length;
      if (pending.got >= pending.bytes) {
        const p = pending;
        pending = null;
        p.resolve();
      }
    });
    s.on('error', () => s.destroy());
  });
  return { server, expect: (bytes) => new Promise((resolve) => (pending = { bytes, got: 0, resolve })) };
}

/** Sends 256 KiB chunks with backpressure to whoever connects, until they hang up. */
export function startSource(): net.Server {
  return net.createServer((s) => {
    let open = true;
    s.on('error', () => s.destroy());
    s.on('close', () => (open = false));
    const pump = (): void => {
      while (open && s.write(CHUNK));
      if (open) s.once('drain', pump);
    };
    pump();
  });
}

/**
 * A loopback echo server in a process of its own, like a real target: the direct baseline and the tunnel
 * then cross the same process boundaries to reach it (a same-process echo answers without any wake-up).
 */
export async function startEchoProcess(): Promise<{
  pid: number;
  port: number;
  usage(): Promise<UsageSample>;
  stop(): void;
}> {
  const script =
    "const s = require('node:net').createServer((c) => { c.setNoDelay(true); c.on('error', () => c.destroy()); c.pipe(c); });" +
    "s.listen(0, '127.0.0.1', () => process.send(s.address().port));" +
    "process.on('message', (m) => { if (m === 'usage') process.send({ cpu: process.cpuUsage(), " +
    'rss: process.memoryUsage().rss, at: performance.now() }); else process.exit(0); });';
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  return {
    pid: child.pid ?? -1,
    port,
    usage: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as UsageSample));
        child.send('usage');
      }),
    stop: () => child.send('stop'),
  };
}

/** CPU time between two samples, µs. */
export function cpuMicros(a: UsageSample, b: UsageSample): number {
  return b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system;
}

/** MB/s of `bytes` written to `port` until the sink has them all. */
export async function upload(port: number, sink: ReturnType<typeof startSink>, bytes: number): Promise<number> {
  const socket = await connect(port);
  const done = sink.expect(bytes);
  const started = performance.now();
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    if (!socket.write(CHUNK)) await new Promise((r) => socket.once('drain', r));
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return bytes / seconds / 1e6;
}

/** MB/s of `bytes` read from a source at `port` (timed from the connect). */
export async function download(port: number, bytes: number): Promise<number> {
  const started = performance.now();
  const socket = await connect(port);
  await new Promise<void>((resolve) => {
    let got = 0;
    socket.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= bytes) resolve();
    });
  });
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return bytes / seconds / 1e6;
}

/** One echo connection: `run(n, into)` does n round trips of one fixed-size message, µs each into `into`. */
export async function roundTripper(
  port: number,
  messageBytes: number,
): Promise<{ run(count: number, into: number[] | null, startsInto?: number[]): Promise<void>; close(): void }> {
  const socket = await connect(port);
  const message = Buffer.alloc(messageBytes, 0x78);
  let missing = 0;
  let arrived: (() => void) | null = null;
  // The echo may come back in pieces; a round trip ends when the whole message is back.
  socket.on('data', (d: Buffer) => {
    missing -= d.length;
    if (missing <= 0 && arrived) {
      const done = arrived;
      arrived = null;
      done();
    }
  });
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      missing = messageBytes;
      arrived = resolve;
      socket.write(message);
    });
  return {
    // startsInto: each round trip's start in ms since the epoch, to line samples up with another
    // process's events (GC pauses in the engine).
    async run(count, into, startsInto) {
      for (let i = 0; i < count; i++) {
        startsInto?.push(performance.timeOrigin + performance.now());
        const t0 = process.hrtime.bigint();
        await once();
        into?.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    },
    close: () => socket.destroy(),
  };
}

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export interface UsageSample {
  cpu: NodeJS.CpuUsage;
  rss: number;
  at: number;
}

/** CPU use between two samples, in % of one core. */
export function cpuPercent(a: UsageSample, b: UsageSample): number {
  return ((b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000 / (b.at - a.at)) * 100;
}

/** A bare Node process that only answers usage requests: the idle baseline. */
export function startBareNode(): { pid: number; usage(): Promise<UsageSample>; stop(): void } {
  const script =
    "process.on('message', (m) => { if (m === 'usage') process.send({ cpu: process.cpuUsage(), " +
    'rss: process.memoryUsage().rss, at: performance.now() }); else process.exit(0); });';
  const bare = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: bare.pid ?? -1,
    usage: () =>
      new Promise((resolve) => {
        bare.once('message', (m) => resolve(m as UsageSample));
        bare.send('usage');
      }),
    stop: () => bare.send('stop'),
  };
}

/**
 * Pins every thread of these processes to one CPU (Linux `taskset`); returns the undo, or null where
 * that is not possible. On a VM, a loopback round trip between processes on different idle vCPUs pays
 * a cross-CPU wake-up per hop; on one CPU it does not, which shows the software's own cost.
 */
export function pinToOneCpu(pids: number[], cpuCount: number): (() => void) | null {
  if (process.platform !== 'linux' || cpuCount < 2) return null;
  const set = (list: string): boolean =>
    pids.every((pid) => spawnSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' }).status === 0);
  if (!set('0')) return null;
  return () => void set(`0-${cpuCount - 1}`);
}

/**
 * A process's private resident memory in bytes (Linux RssAnon), or null elsewhere. Most of a Node
 * process's RSS is file-backed pages of the node binary (code, ICU data) shared with every other Node
 * process; the private part is what one more engine process really costs.
 */
export function privateResidentBytes(pid: number): number | null {
  try {
    const kb = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** MB/s of `streams` parallel connections to `port` writing `bytesEach` each, until the sink has them all. */
export async function uploadParallel(
  port: number,
  sink: ReturnType<typeof startSink>,
  streams: number,
  bytesEach: number,
): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: streams }, () => connect(port)));
  const done = sink.expect(streams * bytesEach);
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket) => {
      for (let sent = 0; sent < bytesEach; sent += CHUNK.length) {
        if (!socket.write(CHUNK)) await new Promise((r) => socket.once('drain', r));
      }
    }),
  );
  await done;
  const seconds = (performance.now() - started) / 1000;
  for (const s of sockets) s.destroy();
  return (streams * bytesEach) / seconds / 1e6;
}

/** MB/s of `streams` parallel reads of `bytesEach` each from a source at `port` (timed from the connects). */
export async function downloadParallel(port: number, streams: number, bytesEach: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      const socket = await connect(port);
      await new Promise<void>((resolve) => {
        let got = 0;
        socket.on('data', (d: Buffer) => {
          got += d.length;
          if (got >= bytesEach) resolve();
        });
      });
      socket.destroy();
    }),
  );
  return (streams * bytesEach) / ((performance.now() - started) / 1000) / 1e6;
}

const ONE_BYTE = Buffer.from('x');

/**
 * Short connections, one after the other, round-robin over `ports`: connect, one 1-byte round trip to
 * the echo behind the port, close. Each sample (µs) is from connect() to the echoed byte: the setup a
 * user sees before the first answer.
 */
export async function shortConnections(ports: number[], count: number, into: number[] | null): Promise<void> {
  for (let i = 0; i < count; i++) {
    const port = ports[i % ports.length] as number;
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(ONE_BYTE));
      s.setNoDelay(true);
      s.once('error', reject);
      s.once('data', () => {
        into?.push(Number(process.hrtime.bigint() - t0) / 1000);
        s.destroy();
        resolve();
      });
    });
  }
}

/**
 * Of the round trips (start ms since the epoch, duration µs) slower than `threshold` µs, the share that
 * overlapped one of the pauses (start ms since the epoch, duration ms); and the share of all round
 * trips that did (what chance alone gives).
 */
export function overlapWithPauses(
  starts: number[],
  durations: number[],
  threshold: number,
  pauses: Array<{ start: number; duration: number }>,
): { slow: number; slowOverlapping: number; all: number; allOverlapping: number } {
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const overlaps = (start: number, micros: number): boolean => {
    const end = start + micros / 1000;
    // Few pauses (tens): a linear scan is fine.
    return sorted.some((p) => p.start < end && p.start + p.duration > start);
  };
  let slow = 0;
  let slowOverlapping = 0;
  let allOverlapping = 0;
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i] as number;
    const hit = overlaps(starts[i] as number, d);
    if (hit) allOverlapping++;
    if (d > threshold) {
      slow++;
      if (hit) slowOverlapping++;
    }
  }
  return { slow, slowOverlapping, all: durations.length, allOverlapping };
}
