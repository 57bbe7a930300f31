// `npm run bench` entry for the watchdog: time from a hang to the engine being connected again.
import { runBundledMeasure } from './run-bundled';

await runBundledMeasure('bench/watchdog-measure.ts');
