// Watchdog bench measurement (run through watchdog.bench.ts): how long a hung engine stays hung. For a
// blocked event loop and a logical stall, the time from the hang (injected right after a successful
// ping, the worst moment) to the engine being connected again through a new worker, against the
// deadline of the connected state measured in the same run (baseline). Real processes: the engine worker bundle and the test rportd on loopback, with
// the short test timings (keep_alive 1s, keep_alive_timeout 1s).
import type { EngineTestFault } from '../main/shared/types/engine-types';
import { startHarness, type Harness } from '../test/integration/watchdog/watchdog-harness';
import { median, runMeasure } from './measure-main';

const ROUNDS = 3;

interface Sample {
  deadlineMs: number;
  detectMs: number;
  recoverMs: number;
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

async function measure(fault: EngineTestFault): Promise<Sample> {
  const h = await startHarness();
  try {
    await h.waitConnected();
    await nextPing(h);
    const hungAt = performance.now();
    h.supervisor.injectTestFault(fault);
    const restarted = await h.waitForStatus((s) => s.restarts.length === 1, 30_000, 'the restart');
    const detectMs = performance.now() - hungAt;
    await h.waitConnected(30_000);
    const recoverMs = performance.now() - hungAt;
    const reason = restarted.restarts[0]?.reason;
    if (reason?.kind !== 'stale') throw new Error(`unexpected restart reason ${JSON.stringify(reason)}`);
    return { deadlineMs: reason.deadlineMs, detectMs, recoverMs };
  } finally {
    await h.close();
  }
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

const figures: Record<string, { value: number; unit: string; baseline?: number; ratio?: number; target?: string }> = {};
async function main(): Promise<void> {
  for (const fault of ['block-loop', 'stall'] as const) {
    const samples: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) samples.push(await measure(fault));
    const deadline = median(samples.map((s) => s.deadlineMs));
    const recover = median(samples.map((s) => s.recoverMs));
    const detect = median(samples.map((s) => s.detectMs));
    const name = fault.replace('-', '_');
    figures[`${name}_hang_to_connected`] = {
      value: round(recover),
      unit: 'ms',
      baseline: deadline,
      ratio: round(recover / deadline, 3),
      target: 'value <= deadline + 2000 ms (ratio close to 1)',
    };
    figures[`${name}_hang_to_restart`] = {
      value: round(detect),
      unit: 'ms',
      baseline: deadline,
      ratio: round(detect / deadline, 3),
      target: 'ratio >= 1 (never before the deadline) and small',
    };
    process.stderr.write(`${fault}: ${JSON.stringify(samples.map((s) => [round(s.detectMs), round(s.recoverMs)]))}\n`);
  }
  process.stdout.write(`${JSON.stringify({ area: 'watchdog', figures })}\n`);
}

runMeasure('watchdog', main);
