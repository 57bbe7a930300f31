// What the window's Activity list says about a finished command (§5.4): its outcome and why (a job past
// its `timeout_sec` is `unknown`: no longer observed, and maybe still running, as in the Go client), how
// long it ran, and the end of its output. The activity event passes the secret scrubbers like every event.
import type { RemoteActivity } from '../../../shared/types/engine-types';
import type { Job } from './job';
import { activityOutcome } from './result-delivery';

/** The Activity row keeps the end of the output: enough to see what happened, small enough for an event. */
export const ACTIVITY_OUTPUT_CHARS = 4000;

export type FinishedActivity = Pick<RemoteActivity, 'outcome' | 'detail' | 'durationMs' | 'output'>;

export function finishedActivity(job: Job, ranMs: number): FinishedActivity {
  const outcome = activityOutcome(job);
  const reasons: string[] = [];
  if (outcome === 'unknown') {
    reasons.push(`timed out after ${job.timeout_sec} s: no longer observed, the command may still be running`);
  }
  if (job.error !== '') reasons.push(job.error);
  return {
    outcome,
    detail: reasons.length > 0 ? reasons.join('; ') : null,
    durationMs: Math.max(0, Math.round(ranMs)),
    output: outputOf(job),
  };
}

function outputOf(job: Job): string | null {
  const stdout = job.result?.stdout.trimEnd() ?? '';
  const stderr = job.result?.stderr.trimEnd() ?? '';
  const text = [stdout, stderr ? `[stderr]\n${stderr}` : ''].filter((part) => part !== '').join('\n');
  if (text === '') return null;
  return text.length > ACTIVITY_OUTPUT_CHARS ? `…${text.slice(-(ACTIVITY_OUTPUT_CHARS - 1))}` : text;
}
