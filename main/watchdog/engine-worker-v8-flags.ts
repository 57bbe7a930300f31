// V8 flags the engine worker process starts with (the headless `run`'s fork; README "Performance").
//
// No young-generation floor (--min-semi-space-size): the engine grows its young generation to the cap
// below when tunnel data starts to flow (main/engine/young-generation.ts). A 4 MiB floor at start had the
// same effect on the round trip's tail (scavenges per 30,000 round trips after 20 s idle 129 -> 31, p99
// 2113 -> 1661 and 1296 -> 673 µs) but cost an idle worker about 4 MiB RSS once both halves had been used.
// YOUNG_GENERATION_CAP, --max-semi-space-size=4: under a steady load of short tunnel connections V8 grows
// the young generation to its 16 MiB ceiling (new space 8 -> 32 MiB), and the garbage Buffers living longer
// in it keep malloc higher too: worker RSS 113-117 MiB in a 7-min soak at 40 connections/s against 80-86 MiB with the cap
// (same run); engine A/B (bench/engine-ab.mjs): throughput up 206/206, down 133/315, 8 streams up
// 267/252 MB/s, 1-byte p99 1054/360 µs, GC during throughput 262/189 ms (README "The long run").
// The flags must be given at start: v8.setFlagsFromString() no longer resizes the heap.
// --regexp-interpret-all: regular expressions stay V8 regexp bytecode instead of machine code after their
// first match: 0.3 MiB less idle (50.7 -> 50.4 MiB at 20 s). For good, and at start only: changed at run
// time, either way, it makes V8 segfault at the next long match of a regexp compiled before the change
// (supervisor-v8-flags.test.ts shows it; turning it off with the compilers below cut a tunnel stream
// mid-transfer in data-dir.test.ts). No regexp is on a tunnel's data path.
// BYTECODE_OLD_AGE, --bytecode-old-age=1: V8 drops the bytecode of a function that did not run since the
// previous full collection (Node's default waits five), and compiles it again when it runs. An idle worker
// runs few full collections, and most of its code ran once, to start and connect: bytecode and feedback
// 0.74 MiB less in its old generation, RSS 0.4-0.5 MiB less from 20 s on (README "Memory"). A tunnel's
// code runs all the time and keeps its bytecode.
// EXPOSE_SCAVENGE: V8's gc() under a name of the engine's, which takes it off the global at start and
// scavenges with it while no tunnel data moves (main/engine/young-generation.ts): worker RSS 5 minutes after
// connecting about 1 MiB lower (README "Memory").
// START_INTERPRETED: V8 interprets only (no Sparkplug, no TurboFan) until a tunnel carries a connection
// (main/engine/jit-compilers.ts).
import { START_INTERPRETED } from '../engine/jit-compilers';
import { EXPOSE_SCAVENGE, YOUNG_GENERATION_CAP } from '../engine/young-generation';

export const BYTECODE_OLD_AGE = '--bytecode-old-age=1';

export const ENGINE_WORKER_EXEC_ARGV: readonly string[] = [
  YOUNG_GENERATION_CAP,
  '--regexp-interpret-all',
  BYTECODE_OLD_AGE,
  EXPOSE_SCAVENGE,
  START_INTERPRETED,
];
