// Durations as people read them: the engine's Go-exact texts rounded, ages and live countdowns.
import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  formatDuration,
  formatElapsed,
  formatLatency,
  roundDurationsInText,
} from '../../../../main/shared/contract';

describe('durations for people', () => {
  it('rounds the Go durations of engine texts and leaves everything else alone', () => {
    expect(roundDurationsInText('Connected to 127.0.0.1:8080 within 34.974895ms')).toBe(
      'Connected to 127.0.0.1:8080 within 35 ms',
    );
    expect(roundDurationsInText('Retrying in 13.258511011s...')).toBe('Retrying in 13s...');
    expect(roundDurationsInText('ping to 10.0.0.1:80 succeeded within 1.021824ms')).toBe(
      'ping to 10.0.0.1:80 succeeded within 1.0 ms',
    );
    expect(roundDurationsInText('connection closed 1.234567s after it was established')).toBe(
      'connection closed 1.2s after it was established',
    );
    expect(roundDurationsInText('waited 2m30.5s, then 750µs')).toBe('waited 2m 31s, then <1 ms');
    // Settings as written, versions, addresses, fingerprints and words are not durations to round.
    for (const text of [
      'keep_alive 3m, retry after 5s',
      'version 0.9.13 on 192.168.1.5:3s',
      'fingerprint 36:98:56:12:f3:dc:e5:8d',
      'timeout after 2s during ssh',
      'the 2nd ms-word is fine',
    ]) {
      expect(roundDurationsInText(text)).toBe(text);
    }
  });

  it('counts down in whole seconds, rounding up, and says when the time has come', () => {
    expect(formatCountdown(10_000, 0)).toBe('10s');
    expect(formatCountdown(10_000, 100)).toBe('10s');
    expect(formatCountdown(10_000, 9_001)).toBe('1s');
    expect(formatCountdown(10_000, 10_000)).toBeNull();
    expect(formatCountdown(90_000 + 500, 0)).toBe('1m 31s');
  });

  it('formats ages, latencies and elapsed times', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_725_000)).toBe('1h 2m');
    expect(formatLatency(0.4)).toBe('<1 ms');
    expect(formatLatency(4.25)).toBe('4.3 ms');
    expect(formatLatency(1_250)).toBe('1.3 s');
    expect(formatElapsed(2_500)).toBe('2.5s');
    expect(formatElapsed(42_400)).toBe('42s');
  });
});
