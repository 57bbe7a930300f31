// Opt-in probes of the bench's engine process (engine-runner.ts), so the product's code stays untouched:
//   - GC pauses: perf_hooks 'gc' entries between a start and a stop request, measured inside the engine
//     process, where a pause stalls every tunnel byte;
//   - the SSH algorithms the engine's ssh2 client negotiated (its 'handshake' event), to name the
//     cipher and MAC in the bench.
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

export interface GcPause {
  /** ms since the epoch (performance.timeOrigin + startTime), comparable across processes */
  start: number;
  /** ms */
  duration: number;
  kind: 'minor' | 'major' | 'incremental' | 'weakcb' | 'other';
}

export interface Negotiated {
  kex: string;
  cs: { cipher: string; mac: string };
  sc: { cipher: string; mac: string };
  /** ssh2's native crypto binding (AES-GCM, ChaCha20 in C) was loaded. */
  nativeCrypto: boolean;
}

const KIND: Record<number, GcPause['kind']> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

function pauseOf(entry: PerformanceEntry): GcPause {
  const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1;
  return { start: performance.timeOrigin + entry.startTime, duration: entry.duration, kind: KIND[kind] ?? 'other' };
}

export function startGcRecorder(): { stop(): GcPause[] } {
  const pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(pauseOf(entry));
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      // Entries are delivered asynchronously; take what is queued before disconnecting.
      for (const entry of observer.takeRecords()) pauses.push(pauseOf(entry));
      observer.disconnect();
      return pauses;
    },
  };
}

/** Records what the next ssh2 Client to complete a handshake negotiated (the engine's own client). */
export function recordNegotiated(): () => Negotiated | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ssh2 = require('ssh2') as {
    Client: { prototype: { connect(this: NodeJS.EventEmitter, ...a: unknown[]): unknown } };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bindingAvailable } = require('ssh2/lib/protocol/crypto.js') as { bindingAvailable: boolean };
  let negotiated: Negotiated | null = null;
  const connect = ssh2.Client.prototype.connect;
  ssh2.Client.prototype.connect = function (this: NodeJS.EventEmitter, ...args: unknown[]) {
    this.once('handshake', (n: Omit<Negotiated, 'nativeCrypto'>) => {
      negotiated = { kex: n.kex, cs: n.cs, sc: n.sc, nativeCrypto: bindingAvailable };
    });
    return connect.apply(this, args);
  };
  return () => negotiated;
}
