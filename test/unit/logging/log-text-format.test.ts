import { describe, expect, it } from 'vitest';
import { fileLogLine, formatLogLine } from '../../../main/logging/log-text-format';

describe('log line formats', () => {
  const line = {
    at: Date.UTC(2026, 0, 2, 3, 4, 5),
    level: 'warn' as const,
    source: 'engine',
    message: 'a "quoted"\nline',
  };

  it('writes the file line in the shape pino wrote it: level number, time, pid, source, at, msg', () => {
    const text = fileLogLine(line, Date.UTC(2026, 0, 2, 3, 4, 6));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toBe(
      `{"level":40,"time":"2026-01-02T03:04:06.000Z","pid":${process.pid},"source":"engine","at":${line.at},"msg":"a \\"quoted\\"\\nline"}\n`,
    );
  });

  it('writes the terminal line as text', () => {
    expect(formatLogLine(line)).toBe('2026-01-02T03:04:05.000Z WARN  engine: a "quoted"\nline\n');
  });
});
