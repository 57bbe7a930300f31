// proxy-from-env ships no types: the one function the engine uses.
declare module 'proxy-from-env' {
  /** The proxy for `url` from *_PROXY / ALL_PROXY, or '' when none is set or NO_PROXY matches the host. */
  export function getProxyForUrl(url: string | URL): string;
}
