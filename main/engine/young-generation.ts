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
// A process started without the cap (the desktop's utilityProcess, tests) is left as it is.
import { getHeapSpaceStatistics } from 'node:v8';

export const TRAFFIC_SEMI_SPACE_MIB = 4;
export const YOUNG_GENERATION_CAP = `--max-semi-space-size=${TRAFFIC_SEMI_SPACE_MIB}`;
const TRAFFIC_SEMI_SPACE = TRAFFIC_SEMI_SPACE_MIB * 1024 * 1024;
/** Chunks of tunnel data within BURST_WINDOW_MS that make a burst: about one scavenge's worth at 1 MiB. */
export const BURST_CHUNKS = 256;
export const BURST_WINDOW_MS = 1000;

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
}

export function createYoungGenerationSizer(
  execArgv: readonly string[] = process.execArgv,
  now: () => number = () => performance.now(),
  capacity: () => number = youngGenerationCapacity,
  grow: () => number = growYoungGeneration,
): YoungGenerationSizer {
  if (!execArgv.includes(YOUNG_GENERATION_CAP)) return { chunkMoved() {} };
  let chunks = 0;
  let countingSince = -Infinity;
  return {
    chunkMoved() {
      if (++chunks < BURST_CHUNKS) return;
      chunks = 0;
      const at = now();
      const burst = at - countingSince < BURST_WINDOW_MS;
      countingSince = at;
      if (burst && !atTrafficSize(capacity())) grow();
    },
  };
}

/** This process's sizer. */
export const youngGeneration: YoungGenerationSizer = createYoungGenerationSizer();
