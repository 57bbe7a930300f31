// `npm run bench` entry for the long run (also alone: `npm run soak`): `rport-tray run` under a steady
// load of tunnel connections, tunnels and commands for RPORT_TRAY_SOAK_MINUTES (default 30; 0 skips it);
// resident memory, heap and file descriptors of both processes, and their growth per hour after warm-up.
// Never part of `npm test`.
import { runBundledMeasure } from './run-bundled';

if (Number(process.env.RPORT_TRAY_SOAK_MINUTES ?? 30) <= 0) {
  process.stderr.write('bench soak: skipped (RPORT_TRAY_SOAK_MINUTES=0)\n');
  process.stdout.write(`${JSON.stringify({ area: 'soak', figures: {} })}\n`);
  process.exit(0);
}
await runBundledMeasure('bench/soak-measure.ts');
