// The Node bundles are ASCII only, so V8 keeps their sources as one-byte strings (scripts/ascii-output.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { asciiOnly } from '../../../scripts/ascii-output.mjs';

const escape = asciiOnly as (text: string, file: string) => string;

describe('asciiOnly', () => {
  it('escapes comments and regular expressions without changing what the code does', () => {
    const source = [
      '// a comment → with an arrow',
      'const units = /(?:µs|μs)$/;',
      'const emoji = /^\u{1F600}$/u;',
      '({ units: units.test("5µs") && units.test("5μs") && !units.test("5ms"), emoji: emoji.test("\u{1F600}") })',
    ].join('\n');
    const ascii = escape(source, 'x.cjs');
    expect(/[\u0080-\uffff]/.test(ascii)).toBe(false);
    expect(ascii).toContain('// a comment \\u2192 with an arrow');
    expect(runInNewContext(ascii)).toEqual({ units: true, emoji: true });
  });

  it('refuses a backslash before a non-ASCII character, naming the file and line', () => {
    expect(() => escape('const a = 1;\nconst r = /\\µ/;', 'dist/x.cjs')).toThrow(
      'dist/x.cjs:2: a backslash before a non-ASCII character',
    );
  });
});

describe('the built Node bundles', () => {
  it('are ASCII only (npm test builds them first)', () => {
    const chunks = readdirSync('dist/chunks').map((f) => path.join('dist/chunks', f));
    const files = ['dist/cli.cjs', 'dist/engine-worker.cjs', 'dist/electron-main.js', 'dist/preload.cjs', ...chunks];
    const notAscii = files.filter((f) => f.endsWith('js') && readFileSync(f).some((byte) => byte > 0x7f));
    expect(notAscii).toEqual([]);
    expect(files.length).toBeGreaterThan(4);
  });
});
