// Which `[connection] headers` carry a credential: their values are masked in logs, the window,
// diagnostics and the ClientConfiguration sent to rportd. One list, so every place masks the same headers.
// A name holding any of these words anywhere (Authorization, Proxy-Authorization, Set-Cookie, X-Api-Key,
// My-Api-Key, X-Session-Token …): masking a harmless value costs little, missing a secret does not.
const CREDENTIAL_HEADER = /token|secret|password|passwd|api-?key|auth|cookie/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}
