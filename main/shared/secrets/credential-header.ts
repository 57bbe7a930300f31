// Which `[connection] headers` carry a credential: their values are masked in logs, the window,
// diagnostics and the ClientConfiguration sent to rportd. One list, so every place masks the same headers.
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|.*(token|secret|password|passwd|apikey|auth).*)$/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name.trim());
}
