// Failures at the proxy are told as the proxy's, with the proxy named and what to check; TLS failures
// say which stores were consulted.
import { describe, expect, it } from 'vitest';
import { proxyFailureMessage, proxyStatusMessage, type ProxyErrorContext } from '../../../main/engine/proxy-errors';
import { describeTlsFailure, isTlsError } from '../../../main/engine/tls-errors';

const http: ProxyErrorContext = {
  label: 'http://proxy.corp:3128 (from HTTPS_PROXY)',
  kind: 'http-connect',
  proxyHostPort: 'proxy.corp:3128',
  target: 'rport.example.com:443',
  hasCredentials: true,
};
const socks: ProxyErrorContext = {
  ...http,
  label: 'socks5h://127.0.0.1:1080 (from rport.conf)',
  kind: 'socks5h',
  proxyHostPort: '127.0.0.1:1080',
};
const coded = (message: string, code?: string): Error & { code?: string } =>
  Object.assign(new Error(message), code ? { code } : {});

describe('proxyStatusMessage', () => {
  it('names the proxy and the credentials for 407 and 401', () => {
    expect(proxyStatusMessage(http, 407, 'Proxy Authentication Required')).toBe(
      'proxy http://proxy.corp:3128 (from HTTPS_PROXY) refused the tunnel to rport.example.com:443 ' +
        '(HTTP 407 Proxy Authentication Required): check the user name and password in the proxy URL',
    );
    expect(proxyStatusMessage({ ...http, hasCredentials: false }, 401, 'Unauthorized')).toMatch(
      /^proxy http:\/\/proxy\.corp:3128 .*\(HTTP 401 Unauthorized\): it wants a user name and password/,
    );
  });

  it('tells a CONNECT ban from a server the proxy cannot reach', () => {
    expect(proxyStatusMessage(http, 403, 'Forbidden')).toMatch(/HTTP 403 Forbidden\): the proxy must allow CONNECT/);
    expect(proxyStatusMessage(http, 502, 'Bad Gateway')).toMatch(/the proxy could not reach the server/);
    expect(proxyStatusMessage(http, 418, '')).toBe(
      'proxy http://proxy.corp:3128 (from HTTPS_PROXY) refused the tunnel to rport.example.com:443 (HTTP 418)',
    );
  });
});

describe('proxyFailureMessage', () => {
  it('names a proxy that refuses connections, with its address', () => {
    expect(proxyFailureMessage(socks, coded('connect ECONNREFUSED 127.0.0.1:1080'))).toBe(
      'proxy socks5h://127.0.0.1:1080 (from rport.conf): dial tcp 127.0.0.1:1080: connect: connection refused: ' +
        'check that the proxy runs and that its host and port are right',
    );
    expect(proxyFailureMessage(http, coded('connect ECONNREFUSED 10.0.0.1:3128', 'ECONNREFUSED'))).toMatch(
      /^proxy http:\/\/proxy\.corp:3128 \(from HTTPS_PROXY\): dial tcp proxy\.corp:3128: connect: connection refused/,
    );
  });

  it('names timeouts, unknown proxy names and handshakes cut short', () => {
    expect(proxyFailureMessage(socks, coded('Proxy connection timed out'))).toMatch(/i\/o timeout: check/);
    expect(proxyFailureMessage(http, coded('getaddrinfo ENOTFOUND proxy.corp', 'ENOTFOUND'))).toMatch(
      /lookup proxy\.corp: no such host: check the proxy's host name/,
    );
    expect(proxyFailureMessage(socks, coded('Socket closed'))).toMatch(
      /closed the connection during the SOCKS5 handshake: check that it is a SOCKS5 proxy/,
    );
  });

  it('tells SOCKS5 authentication failures and refusals apart', () => {
    expect(proxyFailureMessage(socks, coded('Socks5 Authentication failed'))).toBe(
      'proxy socks5h://127.0.0.1:1080 (from rport.conf) refused the user name and password ' +
        '(SOCKS5 authentication failed): check the user name and password in the proxy URL',
    );
    expect(
      proxyFailureMessage(
        { ...socks, hasCredentials: false },
        coded('Received invalid Socks5 initial handshake (no accepted authentication type)'),
      ),
    ).toMatch(/accepts none of the offered SOCKS5 authentication methods: it probably wants a user name/);
    expect(proxyFailureMessage(socks, coded('Socks5 proxy rejected connection - NotAllowed'))).toMatch(
      /refused the tunnel to rport\.example\.com:443 \(SOCKS5 NotAllowed\): its rules do not allow/,
    );
    expect(proxyFailureMessage(socks, coded('Socks5 proxy rejected connection - ConnectionRefused'))).toMatch(
      /\(SOCKS5 ConnectionRefused\): the server refused the connection/,
    );
  });
});

describe('describeTlsFailure', () => {
  it('says which stores were checked for an untrusted chain, and keeps OpenSSL’s text', () => {
    const error = coded('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(isTlsError(error)).toBe(true);
    expect(describeTlsFailure(error, 'rport.example.com')).toBe(
      'tls: unable to verify the first certificate: the certificate of rport.example.com is not signed by a CA ' +
        "this machine trusts (checked: Node's bundled roots, the system trust store and NODE_EXTRA_CA_CERTS); " +
        "install the issuing root CA (your company's, or a TLS-inspecting proxy's) in the system trust store",
    );
  });

  it('explains expiry and a name mismatch; other TLS errors keep their text', () => {
    expect(describeTlsFailure(coded('certificate has expired', 'CERT_HAS_EXPIRED'), 'h')).toMatch(/has expired/);
    expect(
      describeTlsFailure(
        coded("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'),
        'h',
      ),
    ).toMatch(/does not name h/);
    expect(
      describeTlsFailure(coded('sslv3 alert handshake failure', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'), 'h'),
    ).toBe('tls: sslv3 alert handshake failure');
  });

  it('says a plain ws:// server was dialled as wss://, without OpenSSL’s noise', () => {
    const raw = coded(
      'write EPROTO 808C8CA9837F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:' +
        '../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
      'EPROTO',
    );
    expect(isTlsError(raw)).toBe(true);
    expect(describeTlsFailure(raw, '127.0.0.1')).toBe(
      'tls: 127.0.0.1 does not answer in TLS on this port (OpenSSL: wrong version number): the server is ' +
        'probably plain ws://: use ws:// in the address, or the port where it serves wss://',
    );
    expect(isTlsError(coded('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(false);
  });
});
