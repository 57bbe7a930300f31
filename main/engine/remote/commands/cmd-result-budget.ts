// x/crypto/ssh drops the whole connection on a packet over 256 KiB, and send_back_limit defaults to 4 MiB
// per stream, so a chatty command could take the client offline (§2.4). cmd_result is therefore cut to a
// budget: the beginning of each output is kept (like the send_back_limit cut) and `error` says so.
import type { Job, JobResult } from './job';

/** Well under the 256 KiB packet limit, leaving room for the SSH and request framing. */
export const CMD_RESULT_MAX_BYTES = 190 * 1024;

const size = (job: Job): number => Buffer.byteLength(JSON.stringify(job));

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

export function fitJobToBudget(job: Job, maxBytes = CMD_RESULT_MAX_BYTES): Job {
  if (job.result === null || size(job) <= maxBytes) return job;
  const original: JobResult = job.result;
  const note = (field: keyof JobResult, before: string, after: string): string | null =>
    before.length === after.length
      ? null
      : `${field} cut from ${Buffer.byteLength(before)} to ${Buffer.byteLength(after)} bytes to fit the SSH packet limit`;
  let result: JobResult = { ...original };
  let fitted: Job = { ...job, result };
  // Shrink the longest field until the whole job fits; JSON escaping makes the size non-linear, so loop.
  for (let round = 0; round < 40 && size(fitted) > maxBytes; round++) {
    const over = size(fitted) - maxBytes;
    const fields: (keyof JobResult)[] = ['stdout', 'stderr', 'summary'];
    const longest = fields.reduce((a, b) => (result[b].length > result[a].length ? b : a));
    const current = result[longest];
    const target = Math.max(0, Math.min(current.length - 1, Math.floor(current.length - over * 1.05 - 64)));
    result = { ...result, [longest]: cut(current, target) };
    const notes = (['stdout', 'stderr', 'summary'] as const)
      .map((field) => note(field, original[field], result[field]))
      .filter((text): text is string => text !== null);
    const error = [job.error, ...notes].filter((text) => text !== '').join(', ');
    fitted = { ...job, error: cut(error, 4096), result };
  }
  return fitted;
}
