// Garbled TOML from random mutations of the realistic fixture: the API never throws, a syntax error
// always names a line inside the text, and every problem names the file. Seeded, so a failure repeats.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../main/config/parse-config';
import { applyConfigEdits, ConfigEditError } from '../../../main/config/toml-editor';
import { maskConfigText } from '../../../main/shared/secrets';
import { fixtureText, DATA_DIR } from './helpers';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '=',
  ',',
  '\n',
  '#',
  '\\',
  '.',
  ':',
  ' ',
  'x',
  '0',
  '"""',
  '\u0000',
  '\ufeff',
  '[[a]]',
  'é',
];

function mutate(text: string, random: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(random() * 4);
  for (let i = 0; i < steps; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = Math.floor(random() * 5);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (kind === 1) out = out.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)] + out.slice(at);
    else if (kind === 2) {
      const from = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(random() * 30)) + out.slice(at);
    } else if (kind === 3) {
      const lines = out.split('\n');
      const a = Math.floor(random() * lines.length);
      lines.splice(a, 0, lines[Math.floor(random() * lines.length)] ?? '');
      out = lines.join('\n');
    } else out = out.slice(0, at);
  }
  return out;
}

describe('fuzz: garbled rport.conf', () => {
  it('never throws out of the API and always explains a bad file with a line', () => {
    const base = fixtureText();
    const random = rng(20251122);
    let syntaxErrors = 0;
    for (let i = 0; i < 2000; i++) {
      const text = mutate(base, random);
      const lineCount = text.split('\n').length;
      const p = parseConfigText(text, { file: 'fuzz.conf', defaultDataDir: DATA_DIR, platform: 'linux' });
      for (const problem of p.problems) {
        expect(problem.file).toBe('fuzz.conf');
        expect(problem.message.length).toBeGreaterThan(0);
        if (problem.line !== null) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lineCount + 1);
        }
      }
      if (!p.syntaxOk) {
        syntaxErrors++;
        expect(p.problems[0]?.line).toEqual(expect.any(Number));
        expect(p.problems[0]?.message).toMatch(/^TOML syntax error: /);
      }
      if (i % 10 === 0) {
        // The editor is slower (it builds a syntax tree); every tenth case keeps the test fast.
        try {
          applyConfigEdits(text, [{ op: 'set', key: 'client.server', value: 'fuzz:1' }]);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigEditError);
        }
      }
      for (const line of maskConfigText(text).split('\n')) {
        if (/^\s*#?\s*auth\s*=/i.test(line)) expect(line).not.toContain('1234');
      }
    }
    // The mutations must really produce broken TOML, or this test proves little.
    expect(syntaxErrors).toBeGreaterThan(300);
  }, 120_000);
});
