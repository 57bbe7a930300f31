// `npm run bench` entry for recovery: cold connect, reconnect, failover and switchback times.
import { runBundledMeasure } from './run-bundled';

await runBundledMeasure('bench/recovery-measure.ts');
