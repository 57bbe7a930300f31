// The one name lookup behind tunnel_allowed (main/config/rules/host-lookup.ts, docs/protocol.md §4.5):
// getaddrinfo (mocked here) with all addresses as returned, Go's texts for failures, and a 3 s bound on a
// fake clock (no real waiting, nothing depends on the machine's speed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const dnsLookup = vi.hoisted(() => vi.fn());
vi.mock('node:dns/promises', () => ({ lookup: dnsLookup }));

const { systemLookup } = await import('../../../../main/config/rules/host-lookup');

const coded = (code: string) => Object.assign(new Error(`getaddrinfo ${code} h.example`), { code });

describe('systemLookup', () => {
  beforeEach(() => {
    dnsLookup.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('an IP literal resolves to itself without asking the resolver', async () => {
    expect(await systemLookup('10.1.2.3')).toEqual(['10.1.2.3']);
    expect(await systemLookup('::1')).toEqual(['::1']);
    expect(dnsLookup).not.toHaveBeenCalled();
  });

  it('asks for every address in the resolver order and returns them all', async () => {
    dnsLookup.mockResolvedValue([
      { address: '2001:db8::1', family: 6 },
      { address: '10.0.0.1', family: 4 },
    ]);
    expect(await systemLookup('h.example')).toEqual(['2001:db8::1', '10.0.0.1']);
    expect(dnsLookup).toHaveBeenCalledWith('h.example', { all: true, verbatim: true });
  });

  it('no address at all is "no such host", like a name that does not exist', async () => {
    dnsLookup.mockResolvedValue([]);
    await expect(systemLookup('h.example')).rejects.toEqual(new Error('lookup h.example: no such host'));
    dnsLookup.mockImplementation(() => Promise.reject(coded('ENOTFOUND')));
    await expect(systemLookup('h.example')).rejects.toEqual(new Error('lookup h.example: no such host'));
  });

  it('a resolver that does not answer is named as such; an unknown failure keeps its own text', async () => {
    dnsLookup.mockImplementation(() => Promise.reject(coded('EAI_AGAIN')));
    await expect(systemLookup('h.example')).rejects.toThrow(
      'lookup h.example: temporary failure in name resolution (the DNS resolver did not answer: check the network connection and the DNS servers)',
    );
    dnsLookup.mockImplementation(() => Promise.reject(coded('EPERM')));
    await expect(systemLookup('h.example')).rejects.toEqual(new Error('getaddrinfo EPERM h.example'));
    dnsLookup.mockImplementation(() => Promise.reject(new Error('odd failure')));
    await expect(systemLookup('h.example')).rejects.toEqual(new Error('odd failure'));
  });

  it('gives up after exactly 3 s without an answer, and leaves no timer behind an answer', async () => {
    vi.useFakeTimers();
    dnsLookup.mockReturnValue(new Promise(() => {}));
    let outcome: unknown = 'pending';
    const pending = systemLookup('slow.example').then(
      (value) => (outcome = value),
      (err: unknown) => (outcome = err),
    );
    await vi.advanceTimersByTimeAsync(2999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(outcome).toEqual(new Error('lookup slow.example: timed out'));
    expect(vi.getTimerCount()).toBe(0);

    dnsLookup.mockResolvedValue([{ address: '10.0.0.9', family: 4 }]);
    expect(await systemLookup('fast.example')).toEqual(['10.0.0.9']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
