// A standalone engine process for the bench (and any test that needs the engine outside the test
// process): `node --import tsx engine-runner.ts` with the config as JSON in RPORT_ENGINE_RUNNER_CONFIG.
// It reports over IPC: {type:'connected'} once, {type:'usage', cpu, rss} when asked {type:'usage'};
// {type:'gc-start'} then {type:'gc-stop'} answers {type:'gc', pauses} (the engine process's GC pauses in
// between), {type:'negotiated'} answers the SSH algorithms in use (engine-probe.ts).
import { randomUUID } from 'node:crypto';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { createEngine } from '../../../main/engine/engine';
import { recordNegotiated, startGcRecorder } from './engine-probe';

const config = JSON.parse(process.env.RPORT_ENGINE_RUNNER_CONFIG ?? 'null') as RportConfig | null;
if (!config || !process.send) {
  console.error('engine-runner: needs RPORT_ENGINE_RUNNER_CONFIG and an IPC channel');
  process.exit(2);
}
const send = (message: unknown): void => void process.send?.(message);
const negotiated = recordNegotiated();
let gc: ReturnType<typeof startGcRecorder> | null = null;
const engine = createEngine();
let reported = false;
engine.on((event) => {
  if (event.type === 'progress' && event.kind === 'connected' && !reported) {
    reported = true;
    send({ type: 'connected' });
  }
  if (event.type === 'log' && event.line.level === 'error') console.error(`engine-runner: ${event.line.message}`);
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'usage')
    send({ type: 'usage', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, at: performance.now() });
  if (message.type === 'gc-start') gc = startGcRecorder();
  if (message.type === 'gc-stop') {
    send({ type: 'gc', pauses: gc?.stop() ?? [] });
    gc = null;
  }
  if (message.type === 'negotiated') send({ type: 'negotiated', value: negotiated() });
  if (message.type === 'stop') void engine.stop().then(() => process.exit(0));
});
engine.start({ config, configPath: 'bench', sessionId: randomUUID() });
