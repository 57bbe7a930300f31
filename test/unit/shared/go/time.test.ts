import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatGoTime, goJsonString, preciseNowMs } from '../../../../main/shared/go/time';

describe('Go time.Time JSON format', () => {
  const at = Date.UTC(2022, 7, 15, 8, 37, 25, 643) + 0.839;
  it('prints local offset, nanosecond fraction without trailing zeros', () => {
    expect(formatGoTime(at, 120)).toBe('2022-08-15T10:37:25.643839+02:00');
    expect(formatGoTime(at, 0)).toBe('2022-08-15T08:37:25.643839Z');
    expect(formatGoTime(at, -330)).toBe('2022-08-15T03:07:25.643839-05:30');
  });
  it('omits a zero fraction and trims zeros', () => {
    expect(formatGoTime(Date.UTC(2022, 0, 1, 0, 0, 0, 0), 0)).toBe('2022-01-01T00:00:00Z');
    expect(formatGoTime(Date.UTC(2022, 0, 1, 0, 0, 0, 500), 0)).toBe('2022-01-01T00:00:00.5Z');
  });
  it('crosses the date line with the offset', () => {
    expect(formatGoTime(Date.UTC(2022, 11, 31, 23, 30), 60)).toBe('2023-01-01T00:30:00+01:00');
  });
  it('uses the machine offset by default', () => {
    const d = new Date(Date.UTC(2022, 5, 1));
    const off = -d.getTimezoneOffset();
    expect(formatGoTime(d.getTime())).toBe(formatGoTime(d.getTime(), off));
  });
});

describe('preciseNowMs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
  it('is wall-clock time even when the monotonic clock fell behind (the machine slept)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const wall = Date.UTC(2024, 2, 1, 12, 0, 0, 250);
    vi.setSystemTime(wall);
    // Ten minutes of awake time since the process started, however long it has really been.
    vi.spyOn(performance, 'now').mockReturnValue(600_000.375);
    const now = preciseNowMs();
    expect(Math.floor(now)).toBe(wall);
    expect(now - wall).toBeCloseTo(0.375, 6);
  });
});

describe('Go JSON string escaping', () => {
  it('escapes like encoding/json', () => {
    expect(goJsonString('ping to [::1]:80 succeeded within 1.5µs')).toBe('"ping to [::1]:80 succeeded within 1.5µs"');
    expect(goJsonString('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(goJsonString('a\nb\tc\r"\\')).toBe('"a\\nb\\tc\\r\\"\\\\"');
    expect(goJsonString('\b\f\u0001\u2028')).toBe('"\\u0008\\u000c\\u0001\\u2028"');
  });
});
