// The certificates a wss:// server (and a TLS-inspecting proxy in front of it) is checked against:
// Node's bundled roots, the OS trust store, and NODE_EXTRA_CA_CERTS. The Go client trusts the OS store
// (docs/protocol.md §1.6); Node trusts only its bundled roots plus NODE_EXTRA_CA_CERTS, so a company CA
// installed in the system store reached the Go client and not this one. Trusting all three keeps every
// server either client accepts.
//
// The OS store is read with Node's own tls.getCACertificates('system') where the running Node has it
// (Electron 45's does), else with `system-ca` (Linux: the usual bundle files and folders, honouring
// SSL_CERT_FILE / SSL_CERT_DIR, in plain JS; Windows and macOS: optional native addons, imported only
// here and only when needed). Loaded once per process, on the first wss:// dial: a config without one
// never reads a store. The result is one SecureContext, because building one parses every certificate
// (about 60 ms for 300), far too slow to repeat for each dial.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

export interface TrustStore {
  /** For every TLS connection to a server; passing it replaces Node's defaults, so it holds them too. */
  readonly secureContext: tls.SecureContext;
  /** One line for the log: which stores were read and what each gave. */
  readonly summary: string;
  /** A store that could not be read (the others are still trusted); one line each, for the log. */
  readonly problems: readonly string[];
}

type NodeCertificateSource = 'bundled' | 'system' | 'extra';

export interface TrustStoreSources {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Node's reader (tls.getCACertificates) when the running Node has one; null on Node 20. */
  nodeCertificates: ((source: NodeCertificateSource) => string[]) | null;
  /** The OS store through `system-ca` (only asked when Node has no reader of its own). */
  systemCaCertificates: (env: NodeJS.ProcessEnv) => Promise<string[]>;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where Node 20 looks, told the way the README says it. */
function systemStoreName(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return 'the Windows certificate store (ROOT and CA)';
  if (platform === 'darwin') return 'the macOS keychains';
  const places = [
    env.SSL_CERT_FILE ? `SSL_CERT_FILE=${env.SSL_CERT_FILE}` : '',
    env.SSL_CERT_DIR ? `SSL_CERT_DIR=${env.SSL_CERT_DIR}` : '',
  ].filter((p) => p !== '');
  return places.length > 0 ? `the system store (${places.join(', ')})` : 'the system store (/etc/ssl, /etc/pki)';
}

function addonHint(platform: NodeJS.Platform): string {
  if (platform === 'win32') return ' (win-export-certificate-and-key is missing)';
  if (platform === 'darwin') return ' (macos-export-certificate-and-key is missing)';
  return '';
}

/** Reads every store; a store that fails is reported in `problems` and the others still count. */
export async function readTrustedCertificates(
  sources: TrustStoreSources,
): Promise<{ certificates: string[]; summary: string; problems: string[] }> {
  const problems: string[] = [];
  const parts: string[] = [];
  const all = new Set<string>();
  const add = (label: string, certificates: readonly string[]): void => {
    for (const pem of certificates) all.add(pem.trim());
    parts.push(`${certificates.length} from ${label}`);
  };

  const node = sources.nodeCertificates;
  add("Node's bundled roots", node ? node('bundled') : tls.rootCertificates);

  const storeName = node ? 'the system store' : systemStoreName(sources.platform, sources.env);
  try {
    add(storeName, node ? node('system') : await sources.systemCaCertificates(sources.env));
  } catch (error) {
    const hint = node ? '' : addonHint(sources.platform);
    problems.push(`could not read ${storeName}${hint}: ${errorText(error)}; it is not trusted`);
  }

  const extraFile = sources.env.NODE_EXTRA_CA_CERTS;
  if (node) {
    const extra = node('extra');
    if (extra.length > 0) add('NODE_EXTRA_CA_CERTS', extra);
  } else if (extraFile) {
    try {
      add(`NODE_EXTRA_CA_CERTS=${extraFile}`, readFileSync(extraFile, 'utf8').match(PEM_CERTIFICATE) ?? []);
    } catch (error) {
      problems.push(`could not read NODE_EXTRA_CA_CERTS=${extraFile}: ${errorText(error)}`);
    }
  }
  return { certificates: [...all], summary: `trusting ${parts.join(', ')}`, problems };
}

export async function loadTrustStore(sources: TrustStoreSources): Promise<TrustStore> {
  const read = await readTrustedCertificates(sources);
  // OpenSSL skips a certificate it cannot parse; the others still count.
  return {
    secureContext: tls.createSecureContext({ ca: read.certificates }),
    summary: read.summary,
    problems: read.problems,
  };
}

/** The running Node's own reader, when it has one (Node ≥ 22.15 / 23.10, Electron 45). */
function nodeCertificateReader(): TrustStoreSources['nodeCertificates'] {
  const reader = (tls as { getCACertificates?: (source: NodeCertificateSource) => string[] }).getCACertificates;
  return typeof reader === 'function' ? (source) => reader(source) : null;
}

async function systemCaCertificates(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { systemCertsAsync } = await import('system-ca');
  return systemCertsAsync({ env });
}

export function processTrustStoreSources(): TrustStoreSources {
  return {
    env: process.env,
    platform: process.platform,
    nodeCertificates: nodeCertificateReader(),
    systemCaCertificates,
  };
}

let shared: Promise<TrustStore> | null = null;

/**
 * The process's trust store, read on the first call. `onLoaded` runs only for the call that read it, so
 * the stores read (and any that failed) are logged once per engine process.
 */
export function sharedTrustStore(onLoaded?: (store: TrustStore) => void): Promise<TrustStore> {
  if (shared) return shared;
  const loading = loadTrustStore(processTrustStoreSources());
  shared = loading;
  return loading.then(
    (store) => {
      onLoaded?.(store);
      return store;
    },
    (error: unknown) => {
      // Read again on the next dial rather than failing every dial of this process.
      shared = null;
      throw error;
    },
  );
}
