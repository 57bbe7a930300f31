// What the Activity list says about a finished command: why a timed-out one is `unknown`, how long it
// ran, and the end of its output.
import { describe, expect, it } from 'vitest';
import { ACTIVITY_OUTPUT_CHARS, finishedActivity } from '../../../../main/engine/remote/commands/command-activity';
import { parseJob, type Job } from '../../../../main/engine/remote/commands/job';

const job = (over: Partial<Job>): Job => ({
  ...parseJob(Buffer.from(JSON.stringify({ jid: 'j1', command: 'id', timeout_sec: 30, created_by: 'admin' }))),
  ...over,
});

describe('command activity', () => {
  it('gives a timed-out command its reason, and the duration it was observed', () => {
    expect(finishedActivity(job({ status: 'unknown' }), 30_012.4)).toEqual({
      outcome: 'unknown',
      detail: 'timed out after 30 s: no longer observed, the command may still be running',
      durationMs: 30_012,
      output: null,
    });
  });

  it('keeps a failure reason and the output, stdout then stderr, capped at the end', () => {
    const failed = finishedActivity(
      job({ status: 'failed', error: 'exit status 1', result: { stdout: 'out\n', stderr: 'err\n', summary: '' } }),
      12,
    );
    expect(failed).toEqual({
      outcome: 'failed',
      detail: 'exit status 1',
      durationMs: 12,
      output: 'out\n[stderr]\nerr',
    });
    const long = 'x'.repeat(ACTIVITY_OUTPUT_CHARS * 2) + 'END';
    const output = finishedActivity(
      job({ status: 'successful', result: { stdout: long, stderr: '', summary: '' } }),
      1,
    ).output;
    expect(output?.length).toBe(ACTIVITY_OUTPUT_CHARS);
    expect(output?.startsWith('…')).toBe(true);
    expect(output?.endsWith('END')).toBe(true);
  });
});
