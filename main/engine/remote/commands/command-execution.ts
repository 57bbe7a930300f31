// Runs one `run_cmd` job (§5.4): script file, interpreter, optional sudo and live channels; answers with
// the pid as soon as the process has started, and later sends the finished job as `cmd_result`.
// Everything after the start happens in the background so other server requests are answered at once.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { RportConfig } from '../../../shared/types/config-types';
import type { LogLevelName } from '../../../shared/types/engine-types';
import type { ServerSession } from '../../server-session';
import { nowRfc3339Nano } from '../shared/go-time';
import { runProcess, type ProcessRunner } from '../shared/process-runner';
import { CappedOutput } from './capped-output';
import { fitJobToBudget } from './cmd-result-budget';
import { exitErrorText, startErrorText } from './exec-error';
import {
  buildInvocation,
  CMD_SHELL,
  interpreterAlias,
  scriptExtension,
  type InterpreterChoice,
  type Platform,
} from './interpreter';
import type { Job, JobStatus } from './job';
import {
  decodeOutput,
  encodeScript,
  encodingFromChcp,
  encodingName,
  outputDecoder,
  type ShellEncoding,
} from './output-encoding';
import { trackCommand } from './running-commands';
import { removeScriptFile, scriptsDir, writeScriptFile } from './script-file';
import { openOutputChannels, STREAM_FINISH_TIMEOUT_MS, type OutputChannels } from './stream-channels';
import { SummaryExtractor } from './summary-extractor';

export interface CommandStarted {
  pid: number;
  startedAt: string;
}

export interface CommandExecutionInput {
  job: Job;
  /** The raw run_cmd payload: the extra data of the live output channels. */
  payload: Buffer;
  config: RportConfig;
  session: ServerSession;
  log(level: LogLevelName, message: string): void;
  /**
   * Called once with the job as it goes back in cmd_result (status successful, failed or unknown): sends
   * it, or keeps it until the engine is connected to its server again (result-delivery.ts).
   */
  onFinished(job: Job): void;
  platform?: Platform;
  runner?: ProcessRunner;
  cmdResultMaxBytes?: number;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

const currentPlatform = (): Platform =>
  process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';

async function shellEncoding(choice: InterpreterChoice, runner: ProcessRunner): Promise<ShellEncoding> {
  const alias = interpreterAlias(choice);
  if (alias && (alias.input_encoding !== '' || alias.output_encoding !== '')) {
    return {
      input: encodingName(alias.input_encoding),
      output: encodingName(alias.output_encoding || alias.input_encoding),
    };
  }
  // Windows cmd writes in the console code page (e.g. 850), not UTF-8.
  if (choice.platform === 'win32' && (choice.requested === '' || choice.requested === CMD_SHELL)) {
    const chcp = await runner('cmd.exe', ['/c', 'chcp'], { timeoutMs: 10_000 });
    const encoding = chcp.error === null ? encodingFromChcp(chcp.stdout) : null;
    return { input: encoding, output: encoding };
  }
  return { input: null, output: null };
}

async function checkWorkingDir(cwd: string): Promise<void> {
  if (cwd === '') return;
  try {
    const info = await stat(cwd);
    if (!info.isDirectory()) throw new Error(`chdir ${cwd}: not a directory`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`chdir ${cwd}: no such file or directory`);
    if (code === 'EACCES') throw new Error(`chdir ${cwd}: permission denied`);
    throw error;
  }
}

/**
 * Starts the job. Resolves once the process runs; rejects with the failure text for the run_cmd reply
 * (`failed to start a command: …`, a channel or script-file error) when it cannot start.
 */
export async function startCommand(input: CommandExecutionInput): Promise<CommandStarted> {
  const { job, config, session, log } = input;
  const platform = input.platform ?? currentPlatform();
  const runner = input.runner ?? runProcess;
  const limit = config['remote-commands'].send_back_limit;
  const choice: InterpreterChoice = { requested: job.interpreter, aliases: config['interpreter-aliases'], platform };

  let encoding: ShellEncoding;
  try {
    encoding = await shellEncoding(choice, runner);
  } catch (error) {
    log(
      'error',
      `could not detect console encoding, using UTF-8: ${error instanceof Error ? error.message : String(error)}`,
    );
    encoding = { input: null, output: null };
  }

  const scriptPath = await writeScriptFile(
    scriptsDir(config.client.data_dir),
    encodeScript(job.command, encoding.input),
    scriptExtension(choice),
  );
  const cleanUpScript = async (): Promise<void> => {
    const problem = await removeScriptFile(scriptPath);
    if (problem) log('error', problem);
  };

  let channels: OutputChannels | null = null;
  try {
    if (job.stream_result) channels = await openOutputChannels(session, input.payload, limit);
    await checkWorkingDir(job.cwd);
  } catch (error) {
    channels?.close();
    await cleanUpScript();
    if (channels === null && job.stream_result) throw error;
    throw new Error(`failed to start a command: ${error instanceof Error ? error.message : String(error)}`);
  }

  const invocation = buildInvocation({ ...choice, scriptPath, script: job.command, isSudo: job.is_sudo });
  const startedAt = nowRfc3339Nano();
  const child = spawn(invocation.file, invocation.args, {
    cwd: job.cwd === '' ? undefined : job.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    windowsVerbatimArguments: invocation.windowsVerbatimArguments,
  });
  const started = await new Promise<{ pid: number } | { error: NodeJS.ErrnoException }>((resolve) => {
    child.once('spawn', () => resolve({ pid: child.pid ?? 0 }));
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ error }));
  });
  if ('error' in started) {
    channels?.close();
    await cleanUpScript();
    throw new Error(`failed to start a command: ${startErrorText(invocation.file, started.error)}`);
  }
  trackCommand(child);
  const pid = started.pid;
  log(
    'debug',
    `started command [jid=${JSON.stringify(job.jid)}, pid=${pid}]: ${invocation.file} ${invocation.args.join(' ')}`,
  );

  const stdout = new CappedOutput(limit);
  const stderr = new CappedOutput(limit);
  const summary = new SummaryExtractor();
  const liveOut = outputDecoder(encoding.output);
  const liveErr = outputDecoder(encoding.output);
  let observing = true;
  child.stdout.on('data', (chunk: Buffer) => {
    if (!observing) return;
    summary.write(chunk);
    stdout.write(chunk);
    channels?.stdout.write(liveOut(chunk));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (!observing) return;
    stderr.write(chunk);
    channels?.stderr.write(liveErr(chunk));
  });

  const finish = (status: JobStatus, execError: string | null): void => {
    if (!observing) return;
    observing = false;
    clearTimeout(timer);
    const errors = [execError];
    if (stdout.hasOverflow) errors.push(`overflow of stdOut buffer: ${stdout.overflowMessage}`);
    if (stderr.hasOverflow) errors.push(`overflow of stdErr buffer: ${stderr.overflowMessage}`);
    const finished: Job = {
      ...job,
      status,
      finished_at: nowRfc3339Nano(),
      pid,
      started_at: startedAt,
      error: errors.filter((text): text is string => text !== null).join(', '),
      result: {
        stdout: decodeOutput(stdout.bytes(), encoding.output),
        stderr: decodeOutput(stderr.bytes(), encoding.output),
        summary: decodeOutput(summary.finish(), encoding.output),
      },
    };
    if (finished.error !== '') log('error', `command [jid=${JSON.stringify(job.jid)}, pid=${pid}]: ${finished.error}`);
    const sent = fitJobToBudget(finished, input.cmdResultMaxBytes);
    void cleanUpScript();
    if (!channels) {
      input.onFinished(sent);
      return;
    }
    // rportd closes the job's UI WebSocket when cmd_result arrives (§5.4, §6.6.1): the live channels are
    // finished first, and a round trip more gives rportd's channel reader the time to pass the last data
    // on (nothing in the protocol says when it has).
    void channels
      .finish()
      .then(() =>
        session.closed ? undefined : Promise.race([session.confirmDelivery(), sleep(STREAM_FINISH_TIMEOUT_MS)]),
      )
      .catch(() => undefined)
      .then(() => input.onFinished(sent));
  };

  // After timeout_sec the job is reported as `unknown` and the process is left running (Go does the same).
  const timer = setTimeout(
    () => {
      log(
        'debug',
        `timeout (${job.timeout_sec} seconds) reached, stop observing command [jid=${JSON.stringify(job.jid)}, pid=${pid}]`,
      );
      finish('unknown', null);
    },
    Math.max(0, job.timeout_sec) * 1000,
  );
  child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
    const execError = exitErrorText(code, signal);
    finish(execError === null ? 'successful' : 'failed', execError);
  });

  return { pid, startedAt };
}
