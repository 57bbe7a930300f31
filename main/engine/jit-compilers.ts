// V8's compilers (Sparkplug, its baseline compiler, and TurboFan, its optimising one) in the engine's
// process from its first tunnel connection on. Compiled code keeps pages of the `node` binary's compilers
// mapped for the rest of the run: connecting alone made TurboFan compile parts of ssh2 and the handshake
// (idle connected worker 56.0 MiB RSS with it, 52.2 without), and Sparkplug's code costs about 1.1 MiB
// more (51.8 -> 50.7 at 20 s without it; README "Memory"). Tunnel traffic is what needs them (CPU per
// packet, throughput); a handshake now and then, keep-alives and the status are fine in V8's interpreter.
// So the headless worker starts with START_INTERPRETED (its fork's execArgv,
// main/watchdog/engine-worker-v8-flags.ts) and the first accepted tunnel channel or upload turns both on
// for good.
// --max-opt=0 also turns --sparkplug and --turbofan off (V8's flag implications), so all three go back.
// A process started otherwise (the desktop's utilityProcess, tests) is left as it is.
import { setFlagsFromString } from 'node:v8';

export const START_INTERPRETED = '--max-opt=0';

/** V8's defaults (`node --v8-options`). */
export const COMPILERS_ON: readonly string[] = ['--max-opt=999', '--sparkplug', '--turbofan'];

export interface JitCompilersSwitch {
  /** Turns the compilers on if the process started without them; true the one time it does. */
  turnOn(): boolean;
}

export function createJitCompilersSwitch(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): JitCompilersSwitch {
  let off = execArgv.includes(START_INTERPRETED);
  return {
    turnOn() {
      if (!off) return false;
      off = false;
      for (const flag of COMPILERS_ON) setFlags(flag);
      return true;
    },
  };
}

/** This process's switch. */
export const jitCompilers: JitCompilersSwitch = createJitCompilersSwitch();
