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

/** `tls: <OpenSSL's text>: <what it means here and what to do>`. */
export function describeTlsFailure(error: Error & { code?: string }, host: string): string {
  const code = error.code ?? '';
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
