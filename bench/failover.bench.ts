// `npm run bench` entry for failover from a hung primary (accepts TCP, never answers).
import { runBundledMeasure } from './run-bundled';

await runBundledMeasure('bench/failover-measure.ts');
