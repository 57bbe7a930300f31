// V8 flags the supervisor's process sets on itself when `run` starts (README "Memory").
//
// --max-opt=1 (Sparkplug, V8's baseline compiler, at most; no TurboFan): the supervisor of an idle,
// connected `run` takes a state update and a log line now and then, and after about three minutes one of
// its functions is hot enough for TurboFan, whose first compilation maps in some 4 MiB of the `node`
// binary's compiler code for the rest of the run (RSS 51.6 -> 55.6 MiB at 180 s, 56 at 5 min; with the
// flag 51.5-52.1). Its work (state updates, the log, the web UI's messages) is not the kind TurboFan
// pays for. The engine worker keeps its optimising compiler: tunnel traffic is.
// Set at run time: V8 reads it at each tiering decision (Node refuses it in NODE_OPTIONS).
import { setFlagsFromString } from 'node:v8';

export const SUPERVISOR_V8_FLAGS: readonly string[] = ['--max-opt=1'];

export function applySupervisorV8Flags(setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of SUPERVISOR_V8_FLAGS) setFlags(flag);
}
