// The one redactor: every literal form of a known secret becomes the mask, too-short secrets are skipped.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, SecretRedactor, SecretScrubber, literalSecretScrubber } from '../../../../main/shared/secrets';

describe('SecretRedactor', () => {
  it('masks a secret as typed, URL-encoded, strictly encoded, base64 and JSON-escaped', () => {
    const secret = `p@ss"wo'rd!`;
    const scrub = literalSecretScrubber([secret]);
    const forms = [
      secret,
      encodeURIComponent(secret),
      'p%40ss%22wo%27rd%21', // strictly encoded: ' and ! too
      Buffer.from(secret).toString('base64'),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) expect(scrub(`before ${form} after`)).toBe(`before ${SECRET_MASK} after`);
  });

  it('skips secrets too short to tell from ordinary words, and empty ones', () => {
    const scrub = literalSecretScrubber(['ab', '', null, undefined]);
    expect(scrub('ab cab')).toBe('ab cab');
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const redactor = new SecretRedactor(['secret', 'secret-and-more']);
    expect(redactor.redact('x secret-and-more y secret')).toBe(`x ${SECRET_MASK} y ${SECRET_MASK}`);
  });

  it('the scrubber masks every string of a value, object keys included, and passes others through', () => {
    const scrubber = new SecretScrubber();
    const event = { type: 'log', message: 'dial with hunter2secret', hunter2secret: 1, n: 5, ok: true };
    expect(scrubber.scrub(event)).toBe(event);
    scrubber.setSecrets(['hunter2secret']);
    expect(scrubber.scrub(event)).toEqual({
      type: 'log',
      message: `dial with ${SECRET_MASK}`,
      [SECRET_MASK]: 1,
      n: 5,
      ok: true,
    });
    expect(scrubber.scrubText(['a', 'hunter2secret'].join(' '))).toBe(`a ${SECRET_MASK}`);
  });

  it('masks a secret of exactly the minimum length (3), not one of 2', () => {
    expect(literalSecretScrubber(['xyz'])('a xyz b')).toBe(`a ${SECRET_MASK} b`);
    expect(literalSecretScrubber(['xy'])('a xy b')).toBe('a xy b');
    const redactor = new SecretRedactor();
    redactor.add('xy');
    redactor.add('xyz');
    expect(redactor.redact('xy xyz')).toBe(`xy ${SECRET_MASK}`);
  });

  it('the scrubber walks arrays and nested objects, keeps other values, and forgets secrets when set to none', () => {
    const scrubber = new SecretScrubber();
    scrubber.setSecrets(['s3cretvalue', '']);
    expect(scrubber.scrub({ list: ['s3cretvalue', 7, null, { deep: 'x s3cretvalue' }] })).toEqual({
      list: [SECRET_MASK, 7, null, { deep: `x ${SECRET_MASK}` }],
    });
    expect(scrubber.scrub('s3cretvalue')).toBe(SECRET_MASK);
    scrubber.setSecrets(['']);
    const value = { a: 's3cretvalue' };
    expect(scrubber.scrub(value)).toBe(value);
    expect(scrubber.scrubText('s3cretvalue')).toBe('s3cretvalue');
  });
});
