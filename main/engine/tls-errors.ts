// A TLS failure of a wss:// dial, told so the user knows what to check: OpenSSL's text (kept, it is
// what search engines know) plus which trust stores were consulted and the usual fix. Behind a
// company network an untrusted chain is nearly always a TLS-inspecting proxy whose CA is not installed.

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

const STORES = "Node's bundled roots, the system trust store and NODE_EXTRA_CA_CERTS";

export function isTlsError(error: Error & { code?: string }): boolean {
  const code = error.code ?? '';
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    UNTRUSTED.has(code) ||
    code.startsWith('CERT_') ||
    /certificate|self.signed|SSL|TLS/i.test(error.message)
  );
}

// OpenSSL's words when the other end does not answer in TLS at all: a plain ws:// (HTTP) server dialled
// as wss://. Its full text (`write EPROTO 80…:error:0A00010B:SSL routines:ssl3_get_record:wrong version
// number:../deps/openssl/…`) tells a user nothing; the reason alone does, with what to change.
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request/i;

/** `tls: <OpenSSL's text>: <what it means here and what to do>`. */
export function describeTlsFailure(error: Error & { code?: string }, host: string): string {
  const code = error.code ?? '';
  const notTls = NOT_TLS.exec(error.message);
  if (notTls) {
    return (
      `tls: ${host} does not answer in TLS on this port (OpenSSL: ${notTls[0].toLowerCase()}): ` +
      'the server is probably plain ws://: use ws:// in the address, or the port where it serves wss://'
    );
  }
  const base = `tls: ${error.message}`;
  if (UNTRUSTED.has(code)) {
    return (
      `${base}: the certificate of ${host} is not signed by a CA this machine trusts (checked: ${STORES}); ` +
      "install the issuing root CA (your company's, or a TLS-inspecting proxy's) in the system trust store"
    );
  }
  if (code === 'CERT_HAS_EXPIRED') return `${base}: the certificate of ${host} has expired (or this clock is wrong)`;
  if (code === 'CERT_NOT_YET_VALID')
    return `${base}: the certificate of ${host} is not valid yet (or this clock is wrong)`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${base}: the certificate does not name ${host}; use the host name it was issued for`;
  return base;
}
