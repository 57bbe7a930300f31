// V8's optimising compiler (TurboFan) in the engine's process from its first tunnel connection on.
// Connecting alone makes TurboFan compile parts of ssh2 and the handshake, and its code then keeps some
// 4 MiB of the `node` binary mapped for the rest of the run: an idle connected worker is 52.2 MiB RSS
// without it against 56.0 with it (README "Memory"). Tunnel traffic is what needs it (CPU per packet,
// throughput), so the headless worker starts with START_WITHOUT_TURBOFAN (its fork's execArgv,
// main/watchdog/engine-worker-v8-flags.ts) and the first accepted tunnel channel or upload turns it on
// for good.
// Setting --max-opt=1 also turns --turbofan off, so both go back. A process started otherwise (the
// desktop's utilityProcess, tests) is left as it is.
import { setFlagsFromString } from 'node:v8';

export const START_WITHOUT_TURBOFAN = '--max-opt=1';

/** V8's defaults (`node --v8-options`). */
export const TURBOFAN_ON: readonly string[] = ['--max-opt=999', '--turbofan'];

export interface OptimisingCompilerSwitch {
  /** Turns TurboFan on if the process started without it; true the one time it does. */
  turnOn(): boolean;
}

export function createOptimisingCompilerSwitch(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): OptimisingCompilerSwitch {
  let off = execArgv.includes(START_WITHOUT_TURBOFAN);
  return {
    turnOn() {
      if (!off) return false;
      off = false;
      for (const flag of TURBOFAN_ON) setFlags(flag);
      return true;
    },
  };
}

/** This process's switch. */
export const optimisingCompiler: OptimisingCompilerSwitch = createOptimisingCompilerSwitch();
