// The Job JSON of `run_cmd` and `cmd_result` (§5.4, Go `models.Job`, snake_case tags). The client sends
// back the whole job it received with status, pid, times, error and result filled in.
import { z } from 'zod';

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
const jobSchema = z.object({
  jid: z.string().optional().default(''),
  status: z.string().optional().default(''),
  finished_at: z.string().nullable().optional().default(null),
  client_id: z.string().optional().default(''),
  client_name: z.string().optional().default(''),
  command: z.string().optional().default(''),
  cwd: z.string().optional().default(''),
  interpreter: z.string().optional().default(''),
  pid: z.number().int().nullable().optional().default(null),
  started_at: z.string().optional().default('0001-01-01T00:00:00Z'),
  created_by: z.string().optional().default(''),
  timeout_sec: z.number().int().optional().default(0),
  multi_job_id: z.string().nullable().optional().default(null),
  schedule_id: z.string().nullable().optional().default(null),
  error: z.string().optional().default(''),
  result: z
    .object({
      stdout: z.string().optional().default(''),
      stderr: z.string().optional().default(''),
      summary: z.string().optional().default(''),
    })
    .nullable()
    .optional()
    .default(null),
  is_sudo: z.boolean().optional().default(false),
  is_script: z.boolean().optional().default(false),
  stream_result: z.boolean().optional().default(false),
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
