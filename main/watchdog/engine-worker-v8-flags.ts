// V8 flags the engine worker process starts with (the headless `run`'s fork; README "Performance").
//
// --min-semi-space-size=4 (MiB): V8's memory reducer shrinks the young generation to its 1 MiB floor after
// a quiet spell (one runs about 8 s after start), and tunnel traffic, whose garbage hardly survives, never
// grows it back. A connected engine then scavenges every ~250 one-byte round trips, and those pauses sit
// in the round-trip tail. With a 4 MiB floor: 129 -> 31 and 128 -> 31 scavenges per 30,000 round trips
// after 20 s idle, GC time 53 -> 36 and 46 -> 23 ms, p99 2113 -> 1661 and 1296 -> 673 µs (A/B: two
// engines, one test rportd, interleaved); RSS +1-2 MiB idle, +4-6 MiB under traffic. 16 MiB halved
// the count again but doubled each pause (no gain) and cost 6-21 MiB.
// The flag must be given at start: v8.setFlagsFromString() no longer resizes the heap.
export const ENGINE_WORKER_EXEC_ARGV: readonly string[] = ['--min-semi-space-size=4'];
