// The one name lookup behind `tunnel_allowed` (docs/protocol.md §4.5): Go's net.LookupIP, used by the
// config check for host names in `remotes` and by the engine for every tunnel target, so both get the
// same answer (and the same error text) for the same name.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { lookupFailureText } from '../../shared/net/lookup-failure';

export type HostLookup = (host: string) => Promise<string[]>;

const LOOKUP_TIMEOUT_MS = 3000;

/**
 * getaddrinfo like Go's LookupIP (an IP literal resolves to itself), bounded in time so that an offline
 * laptop does not stall loading the config or opening a tunnel.
 */
export const systemLookup: HostLookup = async (host) => {
  if (isIP(host) !== 0) return [host];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`lookup ${host}: timed out`)), LOOKUP_TIMEOUT_MS);
  });
  try {
    const addresses = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    if (addresses.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' });
    return addresses.map((a) => a.address);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(lookupFailureText(host, code) ?? (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
};
