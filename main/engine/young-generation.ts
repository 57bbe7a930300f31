// V8's young generation at the size tunnel traffic wants while a lot of it flows, and at V8's own small
// size otherwise (README "Memory" and "Performance").
//
// After a quiet spell V8's memory reducer shrinks the young generation to 1 MiB, and tunnel traffic, whose
// garbage hardly survives, never grows it back: the engine then scavenges every ~250 one-byte round trips,
// and those pauses sit in the round trip's p99. A 4 MiB floor given at start (--min-semi-space-size=4)
// cut the scavenges by four, but an idle worker paid about 4 MiB RSS for it for good once both halves of
// the young generation had been used. So the headless worker starts with only the cap (YOUNG_GENERATION_CAP,
// its fork's execArgv, main/watchdog/engine-worker-v8-flags.ts), and when tunnel data flows fast (BURST
// chunks within a second, counted by main/engine/tunnel-registry.ts) the engine has V8 grow the young
// generation to that cap. V8 grows it when what survived its scavenges since the last growth exceeds its
// size, so growYoungGeneration keeps a quarter of it of fresh objects alive across each scavenge until it
// has (5-8 ms, about eight scavenges; a quarter, not a half, so that less lives through two scavenges and
// ends up in the old generation). Quiet again, the memory reducer shrinks it. Slow traffic does not grow
// it: a scavenge every ~250 chunks is rare there, and growing costs more than it saves.
// While no tunnel data moves, the engine scavenges itself every QUIET_SCAVENGE_MS (scavengeWhileQuiet): V8
// commits the young generation's pages as they fill and scavenges only when a whole semispace is full, so an
// idle worker's little garbage (the heartbeat twice a second, timers, monitoring's 0.45 MiB once a minute)
// had it use and commit both halves of its 1 MiB within three minutes (0.26 -> 1.75 MiB committed; worker RSS
// 49.4 -> 51.6 MiB). Scavenged every 10 s it stays at one 256 KiB page (every 30 s: 50.1-50.2 MiB), and right
// after monitoring's measurement too (garbageMade), which otherwise filled a second page until the next turn
// (50.0 for those seconds): worker 49.6-49.7 MiB through 6 minutes (README "Memory"). Such a scavenge of a
// nearly empty young generation takes about 0.3 ms (the longest of 20: 1.1 ms), and none runs while tunnel
// data flows. V8's gc() comes from the fork's EXPOSE_SCAVENGE (engine-worker-v8-flags.ts).
// A process started without the cap or without gc() (the desktop's utilityProcess, tests) is left as it is.
import { getHeapSpaceStatistics } from 'node:v8';

export const TRAFFIC_SEMI_SPACE_MIB = 4;
export const YOUNG_GENERATION_CAP = `--max-semi-space-size=${TRAFFIC_SEMI_SPACE_MIB}`;
const TRAFFIC_SEMI_SPACE = TRAFFIC_SEMI_SPACE_MIB * 1024 * 1024;
/** Chunks of tunnel data within BURST_WINDOW_MS that make a burst: about one scavenge's worth at 1 MiB. */
export const BURST_CHUNKS = 256;
export const BURST_WINDOW_MS = 1000;
/** The global V8 exposes its gc() under in the headless worker; takeExposedGc takes it off at start. */
export const SCAVENGE_GLOBAL = '__rportTrayGc';
export const EXPOSE_SCAVENGE = `--expose-gc-as=${SCAVENGE_GLOBAL}`;
/** How often a quiet worker scavenges: an idle worker's garbage of 10 s fits in one page. */
export const QUIET_SCAVENGE_MS = 10_000;

/** V8's gc() as its extension exposes it (`--expose-gc-as`). */
export type ExposedGc = (options: { type: 'minor' | 'major' }) => void;

/**
 * V8's gc() where the process was started with EXPOSE_SCAVENGE, else null. The global is then cleared: V8
 * makes it non-configurable, so it cannot be deleted, but it can be overwritten.
 */
export function takeExposedGc(
  global: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): ExposedGc | null {
  const gc = global[SCAVENGE_GLOBAL];
  if (typeof gc !== 'function') return null;
  global[SCAVENGE_GLOBAL] = undefined;
  return gc as ExposedGc;
}

/**
 * What the young generation can hold before V8 scavenges it: one semispace, in bytes (a little under its
 * size, for the pages' headers). Not V8's `space_size` for its new space: that counts both semispaces
 * once committed, and only one after the memory reducer uncommitted the other.
 */
export function youngGenerationCapacity(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space ? space.space_used_size + space.space_available_size : 0;
}

/** At the traffic size: page headers take about 2 % of a semispace. */
export function atTrafficSize(capacity: number): boolean {
  return capacity >= 0.9 * TRAFFIC_SEMI_SPACE;
}

const CHUNK_DOUBLES = 1024;
const CHUNK_BYTES = CHUNK_DOUBLES * 8;
/** Turns of the ring per size: V8 grows it within a few; in a process V8 will not grow, this stops it. */
const MAX_TURNS_PER_SIZE = 32;

/** Has V8 grow the young generation to the traffic size (or as far as it will); returns the capacity reached. */
export function growYoungGeneration(capacity: () => number = youngGenerationCapacity): number {
  let current = capacity();
  while (!atTrafficSize(current)) {
    const ring = new Array<number[]>(Math.max(1, Math.floor(current / 4 / CHUNK_BYTES)));
    for (let turn = 0; turn < MAX_TURNS_PER_SIZE && capacity() === current; turn++)
      for (let slot = 0; slot < ring.length; slot++) ring[slot] = new Array<number>(CHUNK_DOUBLES).fill(0.5);
    const reached = capacity();
    if (reached <= current) break;
    current = reached;
  }
  return current;
}

export interface YoungGenerationSizer {
  /**
   * One chunk of tunnel data moved (hot path: an addition and a test). Every BURST_CHUNKS chunks, when they
   * took less than BURST_WINDOW_MS, grows the young generation to the traffic size if it is smaller.
   */
  chunkMoved(): void;
  /**
   * From now on, every `everyMs` (unref'd), a scavenge if no chunk moved since the previous turn; nothing
   * where V8's gc() is not exposed. Returns what stops it.
   */
  scavengeWhileQuiet(everyMs?: number): () => void;
  /**
   * A burst of garbage was just made outside tunnel traffic (monitoring's measurement, about 0.45 MiB): while
   * the scavenges run and no chunk moved in this turn, one more right after it, instead of at the turn's end.
   */
  garbageMade(): void;
}

export function createYoungGenerationSizer(
  execArgv: readonly string[] = process.execArgv,
  now: () => number = () => performance.now(),
  capacity: () => number = youngGenerationCapacity,
  grow: () => number = growYoungGeneration,
  gc: ExposedGc | null = takeExposedGc(),
): YoungGenerationSizer {
  const sizing = execArgv.includes(YOUNG_GENERATION_CAP);
  let chunks = 0;
  let countingSince = -Infinity;
  let movedSinceTurn = false;
  let scavenging = false;
  return {
    chunkMoved() {
      movedSinceTurn = true;
      if (!sizing || ++chunks < BURST_CHUNKS) return;
      chunks = 0;
      const at = now();
      const burst = at - countingSince < BURST_WINDOW_MS;
      countingSince = at;
      if (burst && !atTrafficSize(capacity())) grow();
    },
    scavengeWhileQuiet(everyMs = QUIET_SCAVENGE_MS) {
      if (!gc) return () => {};
      scavenging = true;
      const stop = startQuietScavenges(
        gc,
        () => {
          const quiet = !movedSinceTurn;
          movedSinceTurn = false;
          return quiet;
        },
        everyMs,
      );
      return () => {
        scavenging = false;
        stop();
      };
    },
    garbageMade() {
      if (!gc || !scavenging || movedSinceTurn) return;
      setImmediate(() => gc({ type: 'minor' })).unref();
    },
  };
}

/** Every `everyMs` (unref'd), a scavenge if `quiet()` says so. Returns what stops it. */
export function startQuietScavenges(
  gc: ExposedGc,
  quiet: () => boolean = () => true,
  everyMs: number = QUIET_SCAVENGE_MS,
): () => void {
  const turn = setInterval(() => {
    if (quiet()) gc({ type: 'minor' });
  }, everyMs);
  turn.unref();
  return () => clearInterval(turn);
}

/** This process's sizer. */
export const youngGeneration: YoungGenerationSizer = createYoungGenerationSizer();
