import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from '../../../../main/shared/go/duration';

describe('Go duration format (time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [1, '1ns'],
    [999, '999ns'],
    [1_000, '1µs'],
    [1_500, '1.5µs'],
    [14_682_823, '14.682823ms'],
    [1e9, '1s'],
    [5e9, '5s'],
    [5_123_456_789, '5.123456789s'],
    [90e9, '1m30s'],
    [120e9, '2m0s'],
    [3600e9, '1h0m0s'],
    [3600e9 + 1e9 + 5e8, '1h0m1.5s'],
    [-5e9, '-5s'],
  ])('%d ns → %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });
});

describe('Go duration parse (time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['2m', 120e9],
    ['1h30m', 5400e9],
    ['500ms', 5e8],
    ['300s', 300e9],
    ['1.5s', 1.5e9],
    ['.5s', 5e8],
    ['1µs', 1e3],
    ['1μs', 1e3],
    ['1us', 1e3],
    ['-1m', -60e9],
    ['+3s', 3e9],
    ['1h0m0s', 3600e9],
  ])('%s → %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['300', 'time: missing unit in duration "300"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['s', 'time: invalid duration "s"'],
    ['1.', 'time: missing unit in duration "1."'],
    ['-', 'time: invalid duration "-"'],
  ])('rejects %j with Go’s message', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });
});
