// The redactor and scrubber at their edges (issue 20): each literal form of a secret on its own, every
// occurrence, and nothing that is no form of a known secret.
import { describe, expect, it } from 'vitest';
import {
  SECRET_MASK,
  SecretRedactor,
  SecretScrubber,
  holdsMask,
  literalSecretScrubber,
} from '../../../../main/shared/secrets';

const M = SECRET_MASK;

describe('SecretRedactor forms', () => {
  it('each form alone: strict percent-encoding of ( ) * with upper-case hex', () => {
    const scrub = literalSecretScrubber(['a(b)*c']);
    expect(scrub('x a%28b%29%2Ac y')).toBe(`x ${M} y`);
    expect(scrub('x a%28b%29%2ac y')).toBe('x a%28b%29%2ac y');
    // encodeURIComponent leaves ( ) * as they are, so that form is the secret itself.
    expect(scrub('x a(b)*c y')).toBe(`x ${M} y`);
  });

  it('base64 and JSON-escaped forms, each on its own', () => {
    const scrub = literalSecretScrubber(['pa"ss\\w']);
    expect(scrub(`x ${Buffer.from('pa"ss\\w').toString('base64')} y`)).toBe(`x ${M} y`);
    expect(scrub('x pa\\"ss\\\\w y')).toBe(`x ${M} y`);
    expect(scrub('x pa%22ss%5Cw y')).toBe(`x ${M} y`);
  });

  it('masks every occurrence, and leaves text without a secret untouched', () => {
    const redactor = new SecretRedactor(['s3cret']);
    expect(redactor.redact('s3crets3cret and s3cret')).toBe(`${M}${M} and ${M}`);
    expect(redactor.redact('s3cre t')).toBe('s3cre t');
    expect(new SecretRedactor().redact('anything')).toBe('anything');
  });

  it('adding the same secret twice, or one whose forms another already has, changes nothing', () => {
    const redactor = new SecretRedactor(['abc', 'abc']);
    redactor.add('abc');
    expect(redactor.redact('abc YWJj')).toBe(`${M} ${M}`);
  });

  it('longest first also across secrets added later, whatever the order', () => {
    const redactor = new SecretRedactor(['pass']);
    redactor.add('password123');
    expect(redactor.redact('password123 pass')).toBe(`${M} ${M}`);
    const other = new SecretRedactor(['password123', 'pass']);
    expect(other.redact('password123 pass')).toBe(`${M} ${M}`);
  });
});

describe('SecretScrubber', () => {
  it('without secrets, passes values and text through as they are', () => {
    const scrubber = new SecretScrubber();
    const value = { a: ['x'] };
    expect(scrubber.scrub(value)).toBe(value);
    expect(scrubber.scrubText('x')).toBe('x');
    scrubber.setSecrets([]);
    expect(scrubber.scrub(value)).toBe(value);
  });

  it('with secrets, returns a copy and drops nothing: undefined, booleans, numbers, nested arrays', () => {
    const scrubber = new SecretScrubber();
    scrubber.setSecrets(['', 'k3y-value', 'k3y-value']);
    const value = { a: undefined, b: false, c: 0, d: [['k3y-value'], []], 'k3y-value x': 'y' };
    const out = scrubber.scrub(value);
    expect(out).not.toBe(value);
    expect(out).toEqual({ a: undefined, b: false, c: 0, d: [[M], []], [`${M} x`]: 'y' });
    expect(Object.keys(out)).toEqual(['a', 'b', 'c', 'd', `${M} x`]);
    expect(value.d).toEqual([['k3y-value'], []]);
  });

  it('setSecrets replaces the earlier set', () => {
    const scrubber = new SecretScrubber();
    scrubber.setSecrets(['old-secret']);
    scrubber.setSecrets(['new-secret']);
    expect(scrubber.scrubText('old-secret new-secret')).toBe(`old-secret ${M}`);
  });
});

describe('holdsMask', () => {
  it('looks into strings, lists and tables, and nothing else', () => {
    expect(holdsMask(M)).toBe(true);
    expect(holdsMask(`a${M}b`)).toBe(true);
    expect(holdsMask('*******')).toBe(false);
    expect(holdsMask([[M]])).toBe(true);
    expect(holdsMask({ a: { b: [M] } })).toBe(true);
    expect(holdsMask({ a: 1, b: null })).toBe(false);
    expect(holdsMask({ a: 'x', b: M })).toBe(true);
    expect(holdsMask(['x', M])).toBe(true);
    expect(holdsMask([])).toBe(false);
    for (const other of [null, undefined, 8, true]) expect(holdsMask(other)).toBe(false);
  });
});
