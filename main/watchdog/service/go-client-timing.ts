// How long an rport client may leave state.json untouched in each state without being hung, from the
// Go client's own timings and the service's rport.conf. Sharper than the upstream advice (a flat
// `keep_alive` or `max_retry_interval`, docs/protocol.md §7 and the watchdog seed), and never shorter
// than what a healthy Go client can need, so a patient client is not restarted:
//   connected     keep_alive + its 0–5 s jitter + up to 3 ping attempts of keep_alive_timeout with the
//                 1 s and 4 s pauses between them (+ up to 0.5 s each) (§2.5); a failed ping then writes
//                 `reconnecting` at once (§7.3);
//   reconnecting  the wait the client announced (`Retrying in <d>...`), else the longest back-off wait
//                 (Go 0.9.8+ caps it at 10 min whatever max_retry_interval says, §6.1; older clients and
//                 this app cap it at max_retry_interval), then one round of dials: every server may take
//                 the 5 min WebSocket handshake timeout (§1.2), then the 0–10 s pause and up to 3
//                 `new_connection` replies of 30 s each (§3.1);
//   initialized   one round of dials (the client writes `initialized` when it starts, §7.3);
// each plus a margin for slow machines. An administrator's fixed threshold (the PowerShell watchdog's
// `threshHoldSec`) replaces all of it.
import type { WatchdogState } from '../../engine/state-file';
import { seconds as sec } from '../restart-record';
import { parseStateMessage } from './state-messages';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The Go client's timings this module relies on (docs/protocol.md §1.2, §2.5, §3.1, §6.1). */
export const GO_CLIENT_TIMING = Object.freeze({
  keepAliveJitterMs: 5 * SECOND,
  keepAliveAttempts: 3,
  /** Pauses before ping attempts 2 and 3: (k-1)² s + up to 0.5 s each. */
  keepAliveRetryPausesMs: 1.5 * SECOND + 4.5 * SECOND,
  backoffCapMs: 10 * MINUTE,
  dialTimeoutMs: 5 * MINUTE,
  newConnectionJitterMs: 10 * SECOND,
  newConnectionReplyMs: 30 * SECOND,
  newConnectionAttempts: 3,
});

export interface ServiceTimingFacts {
  keepAliveMs: number;
  keepAliveTimeoutMs: number;
  /** After Go's fix-up (below 1 s → 5m). */
  maxRetryIntervalMs: number;
  fallbackCount: number;
}

export interface ServiceDeadlineInput {
  state: WatchdogState;
  message: string;
  facts: ServiceTimingFacts;
  marginMs: number;
  /** The administrator's fixed threshold, ms; replaces the computed deadline. */
  thresholdMs?: number | null;
}

export interface ServiceDeadline {
  ms: number;
  /** How it was made, for people: `keep_alive 3m0s + 3 × keep_alive_timeout 30s + 11 s + margin 30 s`. */
  basis: string;
}

export function serviceDeadline(input: ServiceDeadlineInput): ServiceDeadline {
  const { facts, marginMs } = input;
  if (input.thresholdMs != null)
    return { ms: input.thresholdMs, basis: `the configured threshold ${sec(input.thresholdMs)}` };
  const t = GO_CLIENT_TIMING;
  const dialRound =
    (1 + facts.fallbackCount) * t.dialTimeoutMs +
    t.newConnectionJitterMs +
    t.newConnectionAttempts * t.newConnectionReplyMs;
  const servers = facts.fallbackCount === 0 ? 'the server' : `${1 + facts.fallbackCount} servers`;
  const margin = `margin ${sec(marginMs)}`;
  switch (input.state) {
    case 'connected': {
      const pings = t.keepAliveAttempts * facts.keepAliveTimeoutMs + t.keepAliveRetryPausesMs;
      return {
        ms: facts.keepAliveMs + t.keepAliveJitterMs + pings + marginMs,
        basis:
          `keep_alive ${sec(facts.keepAliveMs)} + ${sec(t.keepAliveJitterMs)} jitter + ` +
          `${t.keepAliveAttempts} pings of keep_alive_timeout ${sec(facts.keepAliveTimeoutMs)} ` +
          `+ ${sec(t.keepAliveRetryPausesMs)} + ${margin}`,
      };
    }
    case 'reconnecting': {
      const announced = parseStateMessage(input.message);
      const waitMs = announced.kind === 'retry' ? announced.waitMs : Math.max(facts.maxRetryIntervalMs, t.backoffCapMs);
      const wait =
        announced.kind === 'retry' ? `the announced wait ${sec(waitMs)}` : `the longest back-off wait ${sec(waitMs)}`;
      return {
        ms: waitMs + dialRound + marginMs,
        basis: `${wait} + dialling ${servers} ${sec(dialRound)} + ${margin}`,
      };
    }
    case 'initialized':
      return { ms: dialRound + marginMs, basis: `dialling ${servers} ${sec(dialRound)} + ${margin}` };
  }
}
