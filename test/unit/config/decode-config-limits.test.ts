// Decoding at its edges (main/config/decode-config.ts): list length limits, bare-number durations,
// the unit hint, log levels, repeated spellings and the "did you mean" distance.
import { describe, expect, it } from 'vitest';
import { errors, parse, warnings, withServer } from './helpers';

const decoded = (extra: string) => {
  const p = parse(withServer(extra));
  return { errors: errors(p), warnings: warnings(p), config: p.config };
};

describe('config decoding limits', () => {
  it('remote-commands.order: 2 items pass, 3 are refused', () => {
    expect(decoded('[remote-commands]\norder = ["deny", "allow"]\n').errors).toEqual([]);
    expect(decoded('[remote-commands]\norder = ["deny", "allow", "deny"]\n').errors).toMatchObject([
      {
        key: 'remote-commands.order',
        line: 4,
        message: 'expected source data to have length less or equal to 2, got 3',
      },
    ]);
  });

  it('a bare-number duration: 0 passes silently, 1 is read as 1 ns with a warning', () => {
    const zero = decoded('[connection]\nkeep_alive = 0\n');
    expect(zero.warnings).toEqual([]);
    expect(zero.config.connection.keep_alive).toBe(0);
    const one = decoded('[connection]\nkeep_alive = 1\n');
    expect(one.config.connection.keep_alive).toBe(1);
    expect(one.warnings).toMatchObject([
      {
        key: 'connection.keep_alive',
        line: 4,
        message: "a bare number is nanoseconds (1 = 1ns); write a string such as '30s'",
      },
    ]);
  });

  it('a duration written as a number in a string is refused with the units to write', () => {
    const r = decoded('[connection]\nkeep_alive = " 60 "\n');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ key: 'connection.keep_alive', line: 4 });
    expect(r.errors[0]!.message).toMatch(/: write 60s for seconds \(or 60m, 60h, 60ns\)$/);
    const other = decoded('[connection]\nkeep_alive = "sixty"\n');
    expect(other.errors[0]!.message).not.toMatch(/write/);
  });

  it('log_level takes error, info and debug only', () => {
    for (const level of ['error', 'info', 'debug'])
      expect(decoded(`[logging]\nlog_level = "${level}"\n`).errors).toEqual([]);
    expect(decoded('[logging]\nlog_level = "warn"\n').errors).toMatchObject([
      { key: 'logging.log_level', line: 4, message: 'invalid log level: "warn"' },
    ]);
  });

  it('a key spelled twice (keys are case-insensitive) warns at the second, which is used', () => {
    const r = decoded('name = "a"\nNAME = "b"\n');
    expect(r.config.client.name).toBe('b');
    expect(r.warnings).toMatchObject([
      {
        key: 'client.name',
        line: 4,
        message: 'client.NAME repeats client.name (keys are case-insensitive); this one is used',
      },
    ]);
  });

  it('suggests a known key within 2 edits, not 3 (short names)', () => {
    expect(decoded('nmae = "x"\n').warnings[0]!.message).toBe(
      'unknown key "nmae" in [client] (ignored); did you mean "name"?',
    );
    expect(decoded('nxyz = "x"\n').warnings[0]!.message).toBe('unknown key "nxyz" in [client] (ignored)');
  });
});
