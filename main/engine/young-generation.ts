// V8's young generation at the size tunnel traffic wants while traffic flows, and at V8's own small size
// when the engine is idle (README "Memory" and "Performance").
//
// After a quiet spell V8's memory reducer shrinks the young generation to 1 MiB, and tunnel traffic, whose
// garbage hardly survives, never grows it back: the engine then scavenges every ~250 one-byte round trips,
// and those pauses sit in the round trip's p99. A 4 MiB floor given at start (--min-semi-space-size=4)
// cut the scavenges by four, but an idle worker paid about 4 MiB RSS for it for good once both halves of
// the young generation had been used. So the headless worker starts with only the cap (YOUNG_GENERATION_CAP,
// its fork's execArgv, main/watchdog/engine-worker-v8-flags.ts), and when tunnel data starts to flow the
// engine has V8 grow the young generation to that cap: V8 grows it when what survived its scavenges since
// the last growth exceeds its size, so growYoungGeneration keeps a quarter of it of fresh objects alive
// across each scavenge until it has (about 3 ms, four scavenges; a quarter, not a half, so that nothing
// lives through two scavenges and ends up in the old generation). Idle again, the memory reducer shrinks it.
// A process started without the cap (the desktop's utilityProcess, tests) is left as it is.
import { getHeapSpaceStatistics } from 'node:v8';

export const TRAFFIC_SEMI_SPACE_MIB = 4;
export const YOUNG_GENERATION_CAP = `--max-semi-space-size=${TRAFFIC_SEMI_SPACE_MIB}`;
const TRAFFIC_SEMI_SPACE = TRAFFIC_SEMI_SPACE_MIB * 1024 * 1024;
/** A connection burst opens thousands of channels a second: V8 is asked at most this often. */
const CHECK_INTERVAL_MS = 1000;

/** One semispace's size in bytes, as V8 reports it for its new space. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

const CHUNK_DOUBLES = 1024;
const CHUNK_BYTES = CHUNK_DOUBLES * 8;
/** Turns of the ring per size: V8 grows within two to three; a process V8 will not grow stops here. */
const MAX_TURNS_PER_SIZE = 32;

/** Has V8 grow the young generation up to `target` bytes (or as far as it will); returns the size reached. */
export function growYoungGeneration(target: number, size: () => number = youngGenerationSize): number {
  let current = size();
  while (current < target) {
    const ring = new Array<number[]>(Math.max(1, Math.floor(current / 4 / CHUNK_BYTES)));
    for (let turn = 0; turn < MAX_TURNS_PER_SIZE && size() === current; turn++)
      for (let slot = 0; slot < ring.length; slot++) ring[slot] = new Array<number>(CHUNK_DOUBLES).fill(0.5);
    const reached = size();
    if (reached === current) break;
    current = reached;
  }
  return current;
}

export interface YoungGenerationSizer {
  /** Grows the young generation to the traffic size if this process started capped and it is smaller; true when it grew it. */
  sizeForTraffic(): boolean;
}

export function createYoungGenerationSizer(
  execArgv: readonly string[] = process.execArgv,
  now: () => number = () => performance.now(),
  size: () => number = youngGenerationSize,
  grow: (target: number) => number = growYoungGeneration,
): YoungGenerationSizer {
  const capped = execArgv.includes(YOUNG_GENERATION_CAP);
  let checkedAt = -Infinity;
  return {
    sizeForTraffic() {
      if (!capped) return false;
      const at = now();
      if (at - checkedAt < CHECK_INTERVAL_MS) return false;
      checkedAt = at;
      if (size() >= TRAFFIC_SEMI_SPACE) return false;
      grow(TRAFFIC_SEMI_SPACE);
      return true;
    },
  };
}

/** This process's sizer. */
export const youngGeneration: YoungGenerationSizer = createYoungGenerationSizer();
