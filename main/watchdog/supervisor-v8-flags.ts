// V8 flags the supervisor's process sets on itself when `run` starts (README "Memory").
//
// --max-opt=0 (V8's interpreter only: no Sparkplug, no TurboFan): the supervisor of an idle, connected
// `run` takes a state update and a log line now and then. Compiled code keeps pages of the `node`
// binary's compilers mapped for the rest of the run: after about three minutes TurboFan compiled one of
// its functions and mapped some 4 MiB (RSS 51.6 -> 55.6 MiB at 180 s); Sparkplug's baseline code costs
// about 0.6 MiB from the start (49.8 -> 49.2 at 20 s).
// --regexp-interpret-all: V8 compiles a regular expression to machine code after its first match; the
// supervisor's (config, log lines, the web UI's requests) run rarely, and interpreting them saves another
// 0.3-0.4 MiB (49.2 -> 48.9).
// Its work is not the kind compilers pay for; the engine worker's tunnel traffic is
// (main/engine/jit-compilers.ts).
// Set at run time: V8 reads them at each tiering decision and each new regexp (Node refuses them in
// NODE_OPTIONS).
import { setFlagsFromString } from 'node:v8';

export const SUPERVISOR_V8_FLAGS: readonly string[] = ['--max-opt=0', '--regexp-interpret-all'];

export function applySupervisorV8Flags(setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of SUPERVISOR_V8_FLAGS) setFlags(flag);
}
