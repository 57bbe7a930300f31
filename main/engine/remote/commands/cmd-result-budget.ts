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
  const fields: (keyof JobResult)[] = ['stdout', 'stderr', 'summary'];
  const build = (result: JobResult): Job => {
    const notes = fields
      .map((field) => note(field, original[field], result[field]))
      .filter((text): text is string => text !== null);
    const error = [job.error, ...notes].filter((text) => text !== '').join(', ');
    return { ...job, error: cut(error, 4096), result };
  };
  // Every field gives up the same share of its serialized size (escaping makes some characters cost 6 bytes).
  const encoded = (text: string): number => Buffer.byteLength(JSON.stringify(text));
  const fieldBytes = fields.reduce((sum, field) => sum + encoded(original[field]), 0);
  const fixedBytes = size(build(original)) - fieldBytes + 600;
  const share = Math.max(0, (maxBytes - fixedBytes) / fieldBytes);
  let result: JobResult = { ...original };
  for (const field of fields)
    result = {
      ...result,
      [field]: cut(
        original[field],
        Math.max(Math.min(original[field].length, 256), Math.floor(original[field].length * share)),
      ),
    };
  let fitted = build(result);
  // Rounding can leave it a little over; trim the longest field until it fits.
  for (let round = 0; round < 40 && size(fitted) > maxBytes; round++) {
    const longest = fields.reduce((a, b) => (result[b].length > result[a].length ? b : a));
    result = { ...result, [longest]: cut(result[longest], Math.floor(result[longest].length * 0.9)) };
    fitted = build(result);
  }
  return fitted;
}
