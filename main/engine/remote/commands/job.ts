// The Job JSON of `run_cmd` and `cmd_result` (§5.4, Go `models.Job`, snake_case tags). The client sends
// back the whole job it received with status, pid, times, error and result filled in.
import * as z from '../../payload-schema';

export type JobStatus = 'successful' | 'failed' | 'unknown' | 'running';

export interface JobResult {
  stdout: string;
  stderr: string;
  summary: string;
}

/** Field order follows the Go struct so the JSON reads like the Go client's. */
export interface Job {
  jid: string;
  status: string;
  finished_at: string | null;
  client_id: string;
  client_name: string;
  command: string;
  cwd: string;
  interpreter: string;
  pid: number | null;
  started_at: string;
  created_by: string;
  timeout_sec: number;
  multi_job_id: string | null;
  schedule_id: string | null;
  error: string;
  result: JobResult | null;
  is_sudo: boolean;
  is_script: boolean;
  stream_result: boolean;
}

// Go's decoder is lenient about missing fields (zero values) and strict about types; so is this.
const text = (zero = '') => z.goField(z.string(), zero);
const nullableText = z.goField(z.nullable(z.string()), null);
const flag = z.goField(z.boolean(), false);
const jobSchema = z.object({
  jid: text(),
  status: text(),
  finished_at: nullableText,
  client_id: text(),
  client_name: text(),
  command: text(),
  cwd: text(),
  interpreter: text(),
  pid: z.goField(z.nullable(z.int()), null),
  started_at: text('0001-01-01T00:00:00Z'),
  created_by: text(),
  timeout_sec: z.goField(z.int(), 0),
  multi_job_id: nullableText,
  schedule_id: nullableText,
  error: text(),
  result: z.goField(z.nullable(z.object({ stdout: text(), stderr: text(), summary: text() })), null),
  is_sudo: flag,
  is_script: flag,
  stream_result: flag,
});

/** Decodes a `run_cmd` payload; throws with Go's wording for the failure reply. */
export function parseJob(payload: Buffer): Job {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new Error(`failed to decode requested job: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = jobSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new Error(`failed to decode requested job: field ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const job = parsed.data;
  return {
    jid: job.jid,
    status: job.status,
    finished_at: job.finished_at,
    client_id: job.client_id,
    client_name: job.client_name,
    command: job.command,
    cwd: job.cwd,
    interpreter: job.interpreter,
    pid: job.pid,
    started_at: job.started_at,
    created_by: job.created_by,
    timeout_sec: job.timeout_sec,
    multi_job_id: job.multi_job_id,
    schedule_id: job.schedule_id,
    error: job.error,
    result: job.result,
    is_sudo: job.is_sudo,
    is_script: job.is_script,
    stream_result: job.stream_result,
  };
}
