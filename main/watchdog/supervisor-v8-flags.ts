// V8 flags the supervisor's process sets on itself when `run` starts (README "Memory").
//
// --max-opt=0 (V8's interpreter only: no Sparkplug, no TurboFan): the supervisor of an idle, connected
// `run` takes a state update and a log line now and then. Compiled code keeps pages of the `node`
// binary's compilers mapped for the rest of the run: after about three minutes TurboFan compiled one of
// its functions and mapped some 4 MiB (RSS 51.6 -> 55.6 MiB at 180 s); Sparkplug's baseline code costs
// about 0.6 MiB from the start (49.8 -> 49.2 at 20 s). Its work is not the kind compilers pay for; the
// engine worker's tunnel traffic is (main/engine/jit-compilers.ts).
// Set at run time: V8 reads it at each tiering decision (Node refuses it in NODE_OPTIONS). Not
// --regexp-interpret-all, which would save 0.3 MiB more: set at run time, a regexp V8 had already
// compiled crashes the process at its next match (supervisor-v8-flags.test.ts shows the segfault).
//
// The supervisor scavenges every QUIET_SCAVENGE_MS, as an idle engine worker does
// (main/engine/young-generation.ts): its young generation otherwise fills and commits both halves of its
// 1 MiB between V8's own scavenges (RSS 47.2 -> 48.5 MiB at three minutes, then back; with the scavenges
// flat at 47.4). V8's gc() is exposed at run time, in a context of its own, the only way into a running
// process (--expose-gc on the command line is not for `run` to give itself); that context costs about
// 0.2 MiB.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startQuietScavenges, type ExposedGc } from '../engine/young-generation';

export const SUPERVISOR_V8_FLAGS: readonly string[] = ['--max-opt=0'];

export function applySupervisorV8Flags(setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of SUPERVISOR_V8_FLAGS) setFlags(flag);
}

/** V8's gc() in a running process: the flag has V8 install it in contexts made from now on. */
export function exposeGcAtRunTime(setFlags: (flags: string) => void = setFlagsFromString): ExposedGc {
  setFlags('--expose-gc');
  return runInNewContext('gc') as ExposedGc;
}

/** The supervisor's scavenges, from now on; returns what stops them. */
export function scavengeSupervisor(everyMs?: number): () => void {
  return startQuietScavenges(exposeGcAtRunTime(), () => true, everyMs);
}
