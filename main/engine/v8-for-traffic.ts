// Tunnel data is about to flow (a tunnel channel was accepted, an upload starts): V8's compilers on for
// good (jit-compilers.ts) and its young generation at the size traffic wants (young-generation.ts).
import { jitCompilers } from './jit-compilers';
import { youngGeneration } from './young-generation';

/** True the one time this turned the compilers on. */
export function readyV8ForTraffic(): boolean {
  const compilersTurnedOn = jitCompilers.turnOn();
  youngGeneration.sizeForTraffic();
  return compilersTurnedOn;
}
