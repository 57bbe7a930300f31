// Judging a watched rport service from one look at it: what its service manager says, its state.json,
// and its config. Pure: the watcher (service-watcher.ts) does the looking and acts on the verdict.
//
// Silence is measured on the wall clock (last_update_ts is wall-clock time written by another process),
// cross-checked with the monotonic clock where the watcher saw the file change: a silence can never be
// longer than the time since the watcher saw a fresh write, so a wall clock set forward cannot make a
// healthy service look stale. A last_update_ts in the future (the clocks disagree, or the clock was set
// back) is judged by how long the file has not changed as the watcher saw it.
import type { ServiceHealth, ServiceProblem } from '../../shared/types/service-watch-types';
import type { WatchdogState } from '../../engine/state-file';
import { seconds } from '../restart-record';
import { serviceDeadline, type ServiceDeadline } from './go-client-timing';
import type { ServiceConfigReading } from './service-config';
import type { ServiceQuery } from './service-manager';
import type { StateFileReading } from './state-file-reader';

/** The resolution of last_update_ts (Unix seconds, docs/protocol.md §7.2). */
export const LAST_UPDATE_TS_RESOLUTION_MS = 1_000;

/** When the watcher first saw the current last_update_ts, and when it saw it change (monotonic ms). */
export class StateFileObserver {
  private updatedAt: number | null = null;
  private firstSeenMono = 0;
  private changedAtMono: number | null = null;

  /**
   * Records a reading; true when last_update_ts moved forward (a fresh write since the last look). A move
   * back is not progress (an old file put back); a clock set back is judged by the wall clock, on which
   * such a write is fresh anyway.
   */
  observe(updatedAt: number, monoNow: number): boolean {
    if (this.updatedAt === null) {
      this.updatedAt = updatedAt;
      this.firstSeenMono = monoNow;
      return true;
    }
    const forward = updatedAt > this.updatedAt;
    if (updatedAt !== this.updatedAt) {
      this.updatedAt = updatedAt;
      if (forward) this.changedAtMono = monoNow;
      else this.firstSeenMono = monoNow;
    }
    return forward;
  }

  /** Monotonic ms when a fresh write was last seen; null when the value has not changed under watch. */
  lastChangeSeenAt(): number | null {
    return this.changedAtMono;
  }

  silence(updatedAt: number, wallNow: number, monoNow: number, toleranceMs: number): Silence {
    // last_update_ts is whole seconds: the write happened within the second after it, so silence counts
    // from the end of that second and is never overstated.
    const aheadBy = updatedAt - wallNow;
    if (aheadBy > toleranceMs) {
      return { silentForMs: monoNow - (this.changedAtMono ?? this.firstSeenMono), aheadByMs: aheadBy };
    }
    const wallAge = wallNow - (updatedAt + LAST_UPDATE_TS_RESOLUTION_MS);
    const seenAge = this.changedAtMono === null ? Infinity : monoNow - this.changedAtMono;
    return { silentForMs: Math.max(0, Math.min(wallAge, seenAge)), aheadByMs: null };
  }
}

export interface Silence {
  silentForMs: number;
  /** How far last_update_ts is ahead of the local clock, when it is beyond the tolerance. */
  aheadByMs: number | null;
}

export type ServiceVerdict =
  | { health: 'healthy' | 'stale'; state: WatchdogState; silentForMs: number; deadline: ServiceDeadline }
  | { health: 'stopped'; detail: string }
  | { health: 'unjudged'; why: string };

export interface Judgement {
  verdict: ServiceVerdict;
  /** Every problem found, config ones included, each with its fix. */
  problems: ServiceProblem[];
}

export interface JudgeInput {
  run: ServiceQuery;
  serviceName: string;
  /** Null when the place of state.json is not known. */
  reading: StateFileReading | null;
  config: ServiceConfigReading;
  /** For an `ok` reading. */
  silence: Silence | null;
  marginMs: number;
  thresholdMs: number | null;
}

export function judgeService(input: JudgeInput): Judgement {
  const { run, reading, config } = input;
  const problems: ServiceProblem[] = [...config.problems];
  const unjudged = (why: string): Judgement => ({ verdict: { health: 'unjudged', why }, problems });

  if (run.state === 'not-installed') {
    problems.unshift({
      message: `there is no service named ${input.serviceName} (${run.detail})`,
      fix: 'install the rport client as a service, or give the name its service manager knows it by',
    });
    return unjudged(`the service ${input.serviceName} is not installed`);
  }
  if (run.state === 'stopped') return { verdict: { health: 'stopped', detail: run.detail }, problems };
  if (run.state === 'unknown') {
    problems.push({
      message: `cannot ask the service manager whether ${input.serviceName} runs: ${run.detail}`,
      fix: 'check the status command (README, "Watching an installed rport service")',
    });
  }
  if (reading === null) {
    problems.push({
      message: `the place of state.json is not known (${config.file} could not be read)`,
      fix: 'give the path of state.json (<data_dir>/state.json of the service)',
    });
    return unjudged('the place of state.json is not known');
  }
  if (reading.kind === 'missing') {
    if (!config.blocksJudging) {
      problems.push({
        message: `${reading.file} does not exist`,
        fix:
          `the client writes it when it starts with watchdog_integration = true; check data_dir in ${config.file}, ` +
          'then restart the service',
      });
    }
    return unjudged(`${reading.file} does not exist`);
  }
  if (reading.kind === 'unreadable') {
    problems.push({
      message: `cannot read ${reading.file}: ${reading.error}`,
      fix: 'let this user read the file and its folder (the Go client writes it readable by all, mode 0644)',
    });
    return unjudged(`cannot read ${reading.file}`);
  }
  if (reading.kind === 'invalid') {
    problems.push({
      message: reading.error,
      fix: 'the client rewrites it with its next update; if this stays, something else writes the file',
    });
    return unjudged(reading.error);
  }
  if (config.blocksJudging) return unjudged(`under its configuration the service's state.json cannot be judged`);

  const silence = input.silence ?? { silentForMs: 0, aheadByMs: null };
  if (silence.aheadByMs !== null) {
    problems.push({
      message:
        `${reading.file} is dated ${seconds(silence.aheadByMs)} ahead of this machine's clock: ` +
        'judged by how long it has not changed instead',
      fix: "check the machine's clock and time zone (the file holds Unix time)",
    });
  }
  const deadline = serviceDeadline({
    state: reading.state,
    message: reading.message,
    facts: config.facts,
    marginMs: input.marginMs,
    thresholdMs: input.thresholdMs,
  });
  const health: ServiceHealth = silence.silentForMs > deadline.ms ? 'stale' : 'healthy';
  return {
    verdict: {
      health: health as 'healthy' | 'stale',
      state: reading.state,
      silentForMs: silence.silentForMs,
      deadline,
    },
    problems,
  };
}
