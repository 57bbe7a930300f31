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
import { setFlagsFromString } from 'node:v8';

export const SUPERVISOR_V8_FLAGS: readonly string[] = ['--max-opt=0'];

export function applySupervisorV8Flags(setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of SUPERVISOR_V8_FLAGS) setFlags(flag);
}
