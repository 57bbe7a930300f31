// The trust store for wss://: Node's bundled roots + the OS store + NODE_EXTRA_CA_CERTS, read through
// Node's own API when it has one, else system-ca (real, on this Linux machine, pointed at a temp bundle
// with SSL_CERT_FILE), and a secure context that really verifies a server signed by a CA found there.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loadTrustStore,
  processTrustStoreSources,
  readTrustedCertificates,
  type TrustStoreSources,
} from '../../../main/engine/trust-store';
import { TEST_CA_PEM } from '../../support/engine/tls-front';

const fixture = (name: string) => readFileSync(new URL(`../../support/engine/fixtures/${name}`, import.meta.url));
const TEST_CA = TEST_CA_PEM.toString('utf8').trim();

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-trust-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sources(over: Partial<TrustStoreSources> = {}): TrustStoreSources {
  return {
    env: {},
    platform: 'linux',
    nodeCertificates: null,
    systemCaCertificates: () => Promise.resolve([]),
    ...over,
  };
}

/** A TLS handshake with the test `localhost` server (signed by the test CA) using this context. */
async function handshake(secureContext: tls.SecureContext): Promise<string> {
  const server = tls.createServer({ cert: fixture('localhost.crt'), key: fixture('localhost.key') }, (s) => s.end());
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const port = (server.address() as AddressInfo).port;
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve('trusted');
      });
      socket.once('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('trust store', () => {
  it('trusts a CA found only in the system store, besides Node’s bundled roots', async () => {
    const store = await loadTrustStore(sources({ systemCaCertificates: () => Promise.resolve([TEST_CA]) }));
    expect(store.summary).toBe(
      `trusting ${tls.rootCertificates.length} from Node's bundled roots, 1 from the system store (/etc/ssl, /etc/pki)`,
    );
    expect(store.problems).toEqual([]);
    expect(await handshake(store.secureContext)).toBe('trusted');
  });

  it('refuses the same server when no store holds its CA', async () => {
    const store = await loadTrustStore(sources());
    expect(await handshake(store.secureContext)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('reads the Linux store with system-ca, honouring SSL_CERT_FILE and SSL_CERT_DIR', async () => {
    const dir = tempDir();
    const bundle = path.join(dir, 'company-bundle.pem');
    writeFileSync(bundle, `${TEST_CA}\n`);
    const emptyDir = tempDir();
    const env = { SSL_CERT_FILE: bundle, SSL_CERT_DIR: emptyDir };
    const real = processTrustStoreSources();
    const read = await readTrustedCertificates({ ...real, env, platform: 'linux', nodeCertificates: null });
    expect(read.certificates).toContain(TEST_CA);
    expect(read.summary).toContain(`1 from the system store (SSL_CERT_FILE=${bundle}, SSL_CERT_DIR=${emptyDir})`);
    const store = await loadTrustStore({ ...real, env, platform: 'linux', nodeCertificates: null });
    expect(await handshake(store.secureContext)).toBe('trusted');
  });

  it('keeps NODE_EXTRA_CA_CERTS (Node adds it only when no CA list is passed) and reports an unreadable one', async () => {
    const dir = tempDir();
    const extra = path.join(dir, 'extra.pem');
    writeFileSync(extra, `junk before\n${TEST_CA}\n`);
    const store = await loadTrustStore(sources({ env: { NODE_EXTRA_CA_CERTS: extra } }));
    expect(store.summary).toContain(`1 from NODE_EXTRA_CA_CERTS=${extra}`);
    expect(await handshake(store.secureContext)).toBe('trusted');

    const missing = path.join(dir, 'missing.pem');
    const read = await readTrustedCertificates(sources({ env: { NODE_EXTRA_CA_CERTS: missing } }));
    expect(read.problems).toEqual([expect.stringMatching(`^could not read NODE_EXTRA_CA_CERTS=${missing}: ENOENT`)]);
  });

  it('goes on without a store it cannot read, and names the missing addon on Windows and macOS', async () => {
    const failing = () => Promise.reject(new Error("Cannot find module 'win-export-certificate-and-key'"));
    const read = await readTrustedCertificates(sources({ platform: 'win32', systemCaCertificates: failing }));
    expect(read.problems).toEqual([
      'could not read the Windows certificate store (ROOT and CA) (win-export-certificate-and-key is missing): ' +
        "Cannot find module 'win-export-certificate-and-key'; it is not trusted",
    ]);
    expect(read.certificates.length).toBe(new Set(tls.rootCertificates.map((c) => c.trim())).size);
    const mac = await readTrustedCertificates(sources({ platform: 'darwin', systemCaCertificates: failing }));
    expect(mac.problems[0]).toMatch(
      /^could not read the macOS keychains \(macos-export-certificate-and-key is missing\)/,
    );
  });

  it('uses Node’s own reader when the running Node has one, and never loads system-ca then', async () => {
    const systemCa = vi.fn(() => Promise.resolve(['never used']));
    const node = vi.fn((source: 'bundled' | 'system' | 'extra') =>
      source === 'system' ? [TEST_CA] : source === 'bundled' ? tls.rootCertificates.slice(0, 3) : [],
    );
    const store = await loadTrustStore(sources({ nodeCertificates: node, systemCaCertificates: systemCa }));
    expect(systemCa).not.toHaveBeenCalled();
    expect(node.mock.calls.map(([source]) => source)).toEqual(['bundled', 'system', 'extra']);
    expect(store.summary).toBe("trusting 3 from Node's bundled roots, 1 from the system store");
    expect(await handshake(store.secureContext)).toBe('trusted');
  });

  it('leaves out a certificate OpenSSL cannot parse instead of trusting nothing', async () => {
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----';
    const store = await loadTrustStore(sources({ systemCaCertificates: () => Promise.resolve([broken, TEST_CA]) }));
    expect(await handshake(store.secureContext)).toBe('trusted');
  });
});
