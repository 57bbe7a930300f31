// `npm run bench` entry for the memory of `rport-tray run` and `run --ui`, connected and idle: RSS per
// process and their sum against a bare Node process. Needs the built dist/ (`npm run bench` builds it).
import { runBundledMeasure } from './run-bundled';

await runBundledMeasure('bench/run-memory-measure.ts');
