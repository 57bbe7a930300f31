// x/crypto/ssh drops the whole connection on a packet over 256 KiB, and send_back_limit defaults to 4 MiB
// per stream, so a chatty command could take the client offline (§2.4). cmd_result is therefore cut to a
// budget: the beginning of each output is kept (like the send_back_limit cut) and `error` says so.
// Everything that fits in the packet rportd accepts is sent whole.
import type { Job, JobResult } from './job';

/** x/crypto's maxPacket: the largest packet_length rportd reads (§2.4). */
export const RPORTD_MAX_PACKET = 256 * 1024;

/**
 * What a `cmd_result` packet carries besides the JSON: packet_length counts the padding-length byte (1),
 * the payload — message byte (1), name length (4), `cmd_result` (10), want_reply (1) — and the padding,
 * which ssh2 keeps under block size + 4 (≤ 20). ssh2's own reader (the test rportd) checks AES-GCM
 * packets 20 bytes tighter than x/crypto; the rest is spare.
 */
const CMD_RESULT_FRAMING_BYTES = 1 + 1 + 4 + 'cmd_result'.length + 1 + 20 + 20 + 71;

/** The largest cmd_result JSON rportd accepts in one packet (262,016 bytes). */
export const CMD_RESULT_MAX_BYTES = RPORTD_MAX_PACKET - CMD_RESULT_FRAMING_BYTES;

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
