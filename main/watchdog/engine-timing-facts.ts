// The engine's timings as the watchdog needs them to bound the engine's silences.

import { resolveTimings, type EngineTimings } from '../engine/engine-timings';
import type { EngineTimingFacts } from './progress-deadline';

export function engineTimingFacts(overrides: Partial<EngineTimings> = {}): EngineTimingFacts {
  const t = resolveTimings(overrides);
  return {
    dialTimeoutMs: t.dialTimeoutMs,
    handshakeReplyTimeoutMs: t.newConnectionReplyTimeoutMs,
    keepAliveExtraMs: t.keepAliveJitterMs,
  };
}
