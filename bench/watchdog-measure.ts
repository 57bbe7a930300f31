// Watchdog bench measurement (run through watchdog.bench.ts): how long a hung engine stays hung. For a
// frozen worker (SIGSTOP) and a blocked event loop, with keep_alive 5s and 3m (the Go default), the time
// from the hang (right after a successful ping) to the worker being replaced and to the engine being
// connected again, against the progress deadline of the connected state (what staleness alone would
// wait; measured in the same run). And for a logical stall (the process fine, no progress), caught by
// that deadline, with keep_alive 5s. Real processes: the engine worker bundle and the test rportd on
// loopback, with the short test timings (keep_alive_timeout 1s).
import { startHarness, type Harness } from '../test/integration/watchdog/watchdog-harness';
import { median, runMeasure } from './measure-main';

const ROUNDS = 3;

type Hang = 'sigstop' | 'block-loop' | 'stall';

interface Sample {
  deadlineMs: number;
  replacedMs: number;
  connectedMs: number;
  reason: string;
}

function nextPing(h: Harness): Promise<void> {
  return new Promise((resolve) => {
    const off = h.supervisor.on((e) => {
      if (e.type === 'engine' && e.event.type === 'progress' && e.event.kind === 'ping') {
        off();
        resolve();
      }
    });
  });
}

async function measure(hang: Hang, keepAlive: string): Promise<Sample> {
  const h = await startHarness({
    config: (rportd) => ({ server: rportd.url, fingerprint: rportd.fingerprint, keepAlive }),
  });
  let stopped: number | null = null;
  try {
    const before = await h.waitConnected(30_000);
    const deadlineMs = before.deadlineMs ?? NaN;
    const oldPid = before.workerPid as number;
    // A ping with keep_alive 3m is minutes away: the hang then comes right after connecting instead.
    if (keepAlive !== '3m') await nextPing(h);
    const hungAt = performance.now();
    if (hang === 'sigstop') {
      stopped = oldPid;
      process.kill(oldPid, 'SIGSTOP');
    } else h.supervisor.injectTestFault(hang);
    const replaced = await h.waitForStatus(
      (s) => s.workerPid !== null && s.workerPid !== oldPid,
      hang === 'stall' ? 60_000 : 30_000,
      'the new worker',
    );
    const replacedMs = performance.now() - hungAt;
    await h.waitConnected(30_000);
    const connectedMs = performance.now() - hungAt;
    return { deadlineMs, replacedMs, connectedMs, reason: replaced.restarts[0]?.reason.kind ?? '?' };
  } finally {
    if (stopped !== null) {
      try {
        process.kill(stopped, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await h.close();
  }
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

const figures: Record<string, { value: number; unit: string; baseline?: number; ratio?: number; target?: string }> = {};

async function main(): Promise<void> {
  const cases: Array<[Hang, string]> = [
    ['sigstop', '5s'],
    ['sigstop', '3m'],
    ['block-loop', '5s'],
    ['block-loop', '3m'],
    ['stall', '5s'],
  ];
  for (const [hang, keepAlive] of cases) {
    const samples: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) samples.push(await measure(hang, keepAlive));
    const deadline = median(samples.map((s) => s.deadlineMs));
    const replaced = median(samples.map((s) => s.replacedMs));
    const connected = median(samples.map((s) => s.connectedMs));
    const name = `${hang.replace('-', '_')}_keep_alive_${keepAlive}`;
    const liveness = hang !== 'stall';
    figures[`${name}_hang_to_replaced`] = {
      value: round(replaced),
      unit: 'ms',
      baseline: deadline,
      ratio: round(replaced / deadline, 3),
      target: liveness
        ? 'value <= 5000 ms whatever keep_alive (liveness); baseline: the progress deadline alone'
        : 'ratio >= 1 (never before the progress deadline) and close to 1',
    };
    figures[`${name}_hang_to_connected`] = {
      value: round(connected),
      unit: 'ms',
      baseline: deadline,
      ratio: round(connected / deadline, 3),
      target: liveness ? 'value <= 5000 ms + a reconnect' : 'value <= deadline + 2000 ms',
    };
    process.stderr.write(
      `${name}: ${JSON.stringify(samples.map((s) => [s.reason, round(s.replacedMs), round(s.connectedMs)]))}\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ area: 'watchdog', figures })}\n`);
}

runMeasure('watchdog', main);
