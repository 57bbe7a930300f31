// The deadlines a watched service is held to: the Go client's own timings (docs/protocol.md §2.5, §3.1,
// §6.1) from its rport.conf, the wait it announced, or a fixed threshold.
import { describe, expect, it } from 'vitest';
import { serviceDeadline } from '../../../../main/watchdog/service/go-client-timing';
import { parseStateMessage } from '../../../../main/watchdog/service/state-messages';

const facts = { keepAliveMs: 180_000, keepAliveTimeoutMs: 30_000, maxRetryIntervalMs: 300_000, fallbackCount: 0 };
const margin = 30_000;
// One round of dials with one server: 5 min handshake + 10 s pause + 3 × 30 s new_connection replies.
const ROUND = 300_000 + 10_000 + 90_000;

describe('serviceDeadline', () => {
  it('connected: keep_alive + jitter + three pings of keep_alive_timeout with their pauses + margin', () => {
    const d = serviceDeadline({
      state: 'connected',
      message: 'ping to 1.2.3.4:80 succeeded within 2ms',
      facts,
      marginMs: margin,
    });
    expect(d.ms).toBe(180_000 + 5_000 + 3 * 30_000 + 6_000 + 30_000);
    expect(d.basis).toContain('keep_alive 180 s');
  });

  it('reconnecting: the announced wait + one round of dials + margin', () => {
    const d = serviceDeadline({ state: 'reconnecting', message: 'Retrying in 1m20.5s...', facts, marginMs: margin });
    expect(d.ms).toBe(80_500 + ROUND + margin);
    expect(d.basis).toContain('the announced wait 81 s');
  });

  it('reconnecting without an announced wait: the longest back-off, which Go 0.9.8+ caps at 10 min', () => {
    expect(serviceDeadline({ state: 'reconnecting', message: '', facts, marginMs: margin }).ms).toBe(
      600_000 + ROUND + margin,
    );
    const longer = { ...facts, maxRetryIntervalMs: 900_000 };
    expect(serviceDeadline({ state: 'reconnecting', message: '', facts: longer, marginMs: margin }).ms).toBe(
      900_000 + ROUND + margin,
    );
  });

  it('every fallback server adds a dial timeout to the round', () => {
    const two = { ...facts, fallbackCount: 2 };
    expect(serviceDeadline({ state: 'initialized', message: '', facts: two, marginMs: 0 }).ms).toBe(
      3 * 300_000 + 100_000,
    );
  });

  it('a fixed threshold replaces the computed deadline in every state', () => {
    for (const state of ['initialized', 'connected', 'reconnecting'] as const) {
      expect(serviceDeadline({ state, message: '', facts, marginMs: margin, thresholdMs: 600_000 })).toEqual({
        ms: 600_000,
        basis: 'the configured threshold 600 s',
      });
    }
  });
});

describe('parseStateMessage', () => {
  it('reads the three templates of §7.3', () => {
    expect(parseStateMessage('Retrying in 5s...')).toEqual({ kind: 'retry', waitMs: 5_000 });
    expect(parseStateMessage('ping to 81.151.79.171:8080 succeeded within 14.682823ms')).toEqual({
      kind: 'ping',
      address: '81.151.79.171:8080',
      rttMs: 14.682823,
    });
    expect(parseStateMessage('Connected to [::1]:8080 within 1.2s')).toEqual({
      kind: 'connected',
      address: '[::1]:8080',
      withinMs: 1_200,
    });
    expect(parseStateMessage('connected to 1.2.3.4:80 within 3µs')).toMatchObject({
      kind: 'connected',
      withinMs: 0.003,
    });
    expect(parseStateMessage('')).toEqual({ kind: 'other' });
    expect(parseStateMessage('Retrying in soon...')).toEqual({ kind: 'other' });
  });
});
