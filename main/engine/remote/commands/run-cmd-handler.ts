// `run_cmd` (§5.4): refusals with the Go client's exact texts, the user's block switch, then the start of
// the job in the background. Every request leaves an activity entry (refused, running, then the outcome).
import type { RemoteActivity } from '../../../shared/types/engine-types';
import type { RequestContext, ServerRequestHandler } from '../../server-session';
import { activityId, activitySummary } from '../shared/activity-id';
import { replyFailure, replyJson, errorText } from '../shared/replies';
import type { ProcessRunner } from '../shared/process-runner';
import { finishedActivity } from './command-activity';
import { compileCommandPolicy } from './command-policy';
import { startCommand } from './command-execution';
import type { Platform } from './interpreter';
import { parseJob, type Job } from './job';
import { KEPT_NOTE, ResultDelivery } from './result-delivery';

export const COMMANDS_BLOCKED_TEXT = 'remote commands are blocked by the user of this machine';

export interface RunCmdOptions {
  platform?: Platform;
  runner?: ProcessRunner;
  /** Size budget of one cmd_result; defaults to CMD_RESULT_MAX_BYTES (tests use a smaller one). */
  cmdResultMaxBytes?: number;
  /** Where results go, shared with its session feature (createRemoteFeatures); a private one otherwise. */
  delivery?: ResultDelivery;
}

export function createRunCmdHandler(options: RunCmdOptions = {}): ServerRequestHandler {
  const delivery = options.delivery ?? new ResultDelivery();
  return async (payload: Buffer, context: RequestContext) => {
    const { config } = context;
    const commands = config['remote-commands'];
    // Peek at the job for the activity list even when it is refused before decoding.
    let peek: { jid?: unknown; command?: unknown; is_script?: unknown; created_by?: unknown } = {};
    try {
      const value: unknown = JSON.parse(payload.toString('utf8'));
      if (value !== null && typeof value === 'object') peek = value;
    } catch {
      // Reported below as a decode failure.
    }
    const id = activityId(typeof peek.jid === 'string' ? peek.jid : null);
    const kind: RemoteActivity['kind'] = peek.is_script === true ? 'script' : 'command';
    const summary = activitySummary(typeof peek.command === 'string' ? peek.command : '');
    const initiator = typeof peek.created_by === 'string' && peek.created_by !== '' ? peek.created_by : null;
    const report = (outcome: RemoteActivity['outcome'], detail: string | null, more: Partial<RemoteActivity> = {}) =>
      context.activity({ id, kind, at: Date.now(), summary, outcome, detail, initiator, ...more });
    const refuse = (text: string) => {
      context.log('info', `refused ${kind} ${JSON.stringify(summary)}: ${text}`);
      report('refused', text);
      return replyFailure(text);
    };

    if (!commands.enabled) return refuse('remote commands execution is disabled');
    if (context.remoteCommandsBlocked()) return refuse(COMMANDS_BLOCKED_TEXT);
    let job: Job;
    try {
      job = parseJob(payload);
    } catch (error) {
      return refuse(errorText(error));
    }
    if (job.is_script && !config['remote-scripts'].enabled) return refuse('remote scripts are disabled');
    if (!job.is_script) {
      const policy = compileCommandPolicy(commands);
      for (const problem of policy.problems) context.log('error', `[remote-commands] ${problem}`);
      if (!policy.isAllowed(job.command)) return refuse(`command is not allowed: ${job.command}`);
    }

    const startedAt = Date.now();
    try {
      const started = await startCommand({
        job,
        payload,
        config,
        session: context.session,
        log: context.log,
        platform: options.platform,
        runner: options.runner,
        cmdResultMaxBytes: options.cmdResultMaxBytes,
        onFinished: (finished) => {
          const delivered = delivery.deliver(context.session, finished, { kind, summary }, context);
          const { outcome, detail, ...more } = finishedActivity(finished, Date.now() - startedAt);
          const notes = [detail ?? '', delivered === 'kept' ? KEPT_NOTE : ''].filter((text) => text !== '');
          // The row keeps the time the command started; the duration says how long it ran.
          report(outcome, notes.length === 0 ? null : notes.join('; '), { ...more, at: startedAt });
        },
      });
      report('running', `pid ${started.pid}`);
      return replyJson({ Pid: started.pid, StartedAt: started.startedAt });
    } catch (error) {
      const text = errorText(error);
      context.log('error', `Failed to handle "run_cmd" request: ${text}`);
      report('failed', text);
      return replyFailure(text);
    }
  };
}
