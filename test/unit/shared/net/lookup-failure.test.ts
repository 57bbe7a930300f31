import { describe, expect, it } from 'vitest';
import { lookupFailureText } from '../../../../main/shared/net/lookup-failure';
import { dialErrorText } from '../../../../main/engine/core-requests';

describe('lookupFailureText', () => {
  it('says "no such host" only when the name does not exist', () => {
    for (const code of ['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA'])
      expect(lookupFailureText('rport.example.com', code)).toBe('lookup rport.example.com: no such host');
  });

  it('reports an unreachable resolver (EAI_AGAIN) as a resolver problem, not a wrong name', () => {
    const text = lookupFailureText('rport.example.com', 'EAI_AGAIN');
    expect(text).toMatch(
      /^lookup rport\.example\.com: temporary failure in name resolution \(the DNS resolver did not answer/,
    );
    expect(text).not.toContain('no such host');
    expect(dialErrorText('rport.example.com:443', Object.assign(new Error('x'), { code: 'EAI_AGAIN' }))).toBe(
      `dial tcp: ${text}`,
    );
  });

  it('is null for codes that are not about name lookup', () => {
    expect(lookupFailureText('h', 'ECONNREFUSED')).toBeNull();
    expect(lookupFailureText('h', undefined)).toBeNull();
  });
});
