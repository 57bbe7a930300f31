// What a failed name lookup means, in words that point at the cause. getaddrinfo's codes differ:
// ENOTFOUND/EAI_NONAME/EAI_NODATA = the name does not exist (Go: "no such host"); EAI_AGAIN = the
// resolver did not answer (offline, DNS server down or unreachable), which is a network problem and must
// not be reported as a wrong name; EAI_FAIL = the resolver failed for good.

const NO_SUCH_HOST = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA']);
export const LOOKUP_ERROR_CODES: ReadonlySet<string> = new Set([...NO_SUCH_HOST, 'EAI_AGAIN', 'EAI_FAIL']);

/** `lookup HOST: …` for a name-lookup error code, or null when `code` is not one. */
export function lookupFailureText(host: string, code: string | undefined): string | null {
  if (code === undefined) return null;
  if (NO_SUCH_HOST.has(code)) return `lookup ${host}: no such host`;
  if (code === 'EAI_AGAIN')
    return `lookup ${host}: temporary failure in name resolution (the DNS resolver did not answer: check the network connection and the DNS servers)`;
  if (code === 'EAI_FAIL')
    return `lookup ${host}: non-recoverable failure in name resolution (the DNS server refused or failed: check the DNS servers)`;
  return null;
}
