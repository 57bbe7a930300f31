// One dial to one rportd: WebSocket upgrade (headers, proxy, TLS, bind_interface) and the SSH handshake
// over it (ident workaround, fingerprint prefix check, password auth), within one deadline. It does NOT
// send `new_connection`: a dial is also what the switchback probe and the connection test do (§6.5).
import { createHash } from 'node:crypto';
import type { Agent, ClientRequest } from 'node:http';
import { isIP, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { Client, ConnectConfig } from 'ssh2';
import WebSocket, { type ClientOptions } from 'ws';
import type { RportConfig } from '../shared/types/config-types';
import { localAddressForInterface } from './bind-interface';
import { handshakeRequestHeaders, type ParsedHeaders } from './handshake-headers';
import { HookRouter } from './hook-router';
import { createProxyAgent, loadProxyAgent, proxyAgentLoaded, proxyKind } from './proxy-agent';
import { chooseProxy, proxyLabel, proxyOriginText, type ProxyDecision } from './proxy-choice';
import { proxyFailureMessage, proxyStatusMessage, type ProxyErrorContext } from './proxy-errors';
import { watchProxyTunnel } from './proxy-tunnel';
import type { ServerEndpoint } from '../config/rules/server-url';
// The secrets module's parts, not its index: the index also brings the config-text masking and its TOML
// editor, which the engine worker never uses (README "Memory").
import { splitAuth } from '../shared/secrets/config-secret-fields';
import type { SecretRedactor } from '../shared/secrets/secret-redactor';
import { redactUrl } from '../shared/secrets/url-credentials';
import { attachClientHooks, detachClientHooks, loadSsh2 } from './ssh2-hooks';
import type { SocketCloseWatch } from './socket-close-watch';
import { describeTlsFailure, isTlsError } from './tls-errors';
import { sharedTrustStore, type TrustStore } from './trust-store';
import { WsDuplex } from './ws-duplex';
import { LOOKUP_ERROR_CODES, lookupFailureText } from '../shared/net/lookup-failure';

export { DEFAULT_DIAL_TIMEOUT_MS } from './dial-timeout';

export const CLIENT_IDENT = 'rport-v1-client';

export type DialPhase = 'dns' | 'tcp' | 'proxy' | 'websocket' | 'ssh' | 'fingerprint' | 'auth';

export class DialError extends Error {
  constructor(
    readonly phase: DialPhase,
    message: string,
    readonly kind: 'auth' | 'fingerprint' | 'timeout' | 'aborted' | 'config' | 'network' | 'protocol' = 'network',
  ) {
    super(message);
    this.name = 'DialError';
  }
}

export interface DialRequest {
  /** The server as the effective config normalised it (never parsed again here). */
  target: ServerEndpoint;
  config: RportConfig;
  /** The password after any keychain override; the auth id comes from `auth`. */
  password: string;
  /** The upgrade request headers, parsed once per run from `[connection]` (PreparedRun.headers). */
  headers: ParsedHeaders;
  timeoutMs: number;
  redactor: SecretRedactor;
  /**
   * Tests only: the CA certificates trusted for wss://, instead of the trust store (trust-store.ts: Node's
   * roots, the system store, NODE_EXTRA_CA_CERTS).
   */
  tlsCa?: string | Buffer | Array<string | Buffer>;
  /** The proxy to use (proxy-choice.ts); absent: chosen here from `[client] proxy` and the environment. */
  proxy?: ProxyDecision;
  signal?: AbortSignal;
  /**
   * Phase boundaries, for the connection test's step timings and the engine's "no progress" timer
   * (staggered-dial.ts). `dns` and `tcp` report only `ok` (the name resolved, the TCP connection made).
   */
  onPhase?: (phase: DialPhase, outcome: 'start' | 'ok', detail?: string) => void;
  log?: (level: 'info' | 'debug', message: string) => void;
}

export interface RportTransport {
  readonly url: string;
  readonly client: Client;
  readonly router: HookRouter;
  /** `ip:port` of the TCP peer (the server, or the proxy), as Go's RemoteAddr().String(). */
  readonly remoteAddress: string;
  readonly fingerprint: string;
  readonly dialMs: number;
  readonly closed: boolean;
  /** Who closed the TCP connection, and a graceful lingering close on request (socket-close-watch.ts). */
  readonly peer: SocketCloseWatch;
  close(): void;
  /** Called once when the transport closes; `error` is the last transport error, if any. */
  onClose(listener: (error: Error | null) => void): void;
}

/** MD5 of the SSH public key blob as 16 colon-separated lowercase hex bytes (§2.2). */
export function fingerprintOf(keyBlob: Buffer): string {
  return (createHash('md5').update(keyBlob).digest('hex').match(/../g) ?? []).join(':');
}

// The payload is SSH ciphertext, so WebSocket masking protects nothing here; ws skips the XOR pass for
// an all-zero key, which is a valid mask (RFC 6455 §5.3) that gorilla/rportd accept.
const zeroMask = (mask: Buffer): void => {
  mask.fill(0);
};

function joinAddress(address: string | undefined, port: number | undefined): string | null {
  if (!address || port === undefined) return null;
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}

interface SocketLike {
  remoteAddress?: string;
  remotePort?: number;
  _parent?: SocketLike;
}

function peerAddress(ws: WebSocket, fallback: string): string {
  const socket = (ws as unknown as { _socket?: SocketLike })._socket;
  return (
    joinAddress(socket?.remoteAddress, socket?.remotePort) ??
    joinAddress(socket?._parent?.remoteAddress, socket?._parent?.remotePort) ??
    fallback
  );
}

const TCP_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'EPIPE',
]);

/** A transport error before the upgrade completed, phrased like Go's dialer where it matters. */
function classifyWsError(
  error: Error & { code?: string },
  hostPort: string,
  host: string,
  viaProxy: boolean,
): DialError {
  const code = error.code ?? '';
  if (isTlsError(error)) return new DialError('websocket', describeTlsFailure(error, host));
  if (LOOKUP_ERROR_CODES.has(code)) return new DialError('dns', `dial tcp: ${lookupFailureText(host, code) ?? ''}`);
  if (code === 'ECONNREFUSED')
    return new DialError('tcp', `dial tcp ${viaProxy ? 'proxy' : hostPort}: connect: connection refused`);
  if (code === 'ETIMEDOUT') return new DialError('tcp', `dial tcp ${viaProxy ? 'proxy' : hostPort}: i/o timeout`);
  if (TCP_CODES.has(code)) return new DialError('tcp', `dial tcp ${viaProxy ? 'proxy' : hostPort}: ${error.message}`);
  if (/Socks|SOCKS/.test(error.message)) return new DialError('tcp', `socks proxy: ${error.message}`);
  return new DialError('websocket', `websocket: ${error.message}`);
}

/** Go's connection_error_hints, for the statuses a user can act on. */
function handshakeStatusMessage(status: number, viaProxy: boolean): string {
  if (status === 407)
    return 'websocket: bad handshake: Proxy Authentication Required (HTTP 407): check the proxy credentials';
  if (status === 423)
    return 'websocket: bad handshake: HTTP 423: too many bad login attempts from this address, the server blocks it for a while';
  if (status === 400)
    return 'websocket: bad handshake: HTTP 400 Bad Request (a server that expects TLS answers plain ws:// so: if it does, use wss://)';
  if (status === 404) {
    return 'websocket: bad handshake: HTTP 404: not an rportd client endpoint (check the server URL and any reverse proxy)';
  }
  if (status === 403 && viaProxy)
    return 'websocket: bad handshake: HTTP 403: Access violation: the proxy must allow CONNECT';
  return `websocket: bad handshake: HTTP ${status} (server busy, wrong credentials, or a transparent proxy in between)`;
}

/** The proxy for this dial: the caller's choice, else `[client] proxy`, the system's or the environment's. */
export function proxyForDial(
  request: Pick<DialRequest, 'proxy' | 'config' | 'target'>,
  systemProxies?: Readonly<Record<string, string>>,
): ProxyDecision {
  if (request.proxy) return request.proxy;
  return chooseProxy({
    configProxy: request.config.client.proxy,
    serverUrl: request.target.url,
    serverEntry: request.target.address,
    systemProxies,
  });
}

export async function dialServer(request: DialRequest): Promise<RportTransport> {
  const proxy = proxyForDial(request);
  if (proxy.kind === 'proxy' && !proxyAgentLoaded(proxy.url)) await loadProxyAgent(proxy.url);
  // The trust store is read on the first wss:// dial of the process, never for ws:// (tests bring their own CA).
  let trust: TrustStore | null = null;
  if (!request.tlsCa && request.target.scheme === 'wss') {
    trust = await sharedTrustStore((store) => {
      request.log?.('info', `TLS: ${store.summary}`);
      for (const problem of store.problems) request.log?.('info', `TLS: ${problem}`);
    });
  }
  return dialLoaded(request, proxy, trust);
}

/** The password (and user:password) of a proxy URL, for the redactor's literal backstop. */
function addProxySecrets(redactor: SecretRedactor, proxyUrl: string): void {
  try {
    const u = new URL(proxyUrl);
    if (!u.password) return;
    redactor.add(u.password);
    redactor.add(decodeURIComponent(u.password));
    redactor.add(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`);
  } catch {
    // Not a URL: createProxyAgent reports it, without the text.
  }
}

function proxyErrorContext(proxy: Extract<ProxyDecision, { kind: 'proxy' }>, target: string): ProxyErrorContext {
  const url = new URL(proxy.url);
  const socks = proxyKind(proxy.url) === 'socks5h';
  return {
    label: proxyLabel(proxy),
    kind: socks ? 'socks5h' : 'http-connect',
    proxyHostPort: `${url.hostname}:${url.port || (socks ? '1080' : '80')}`,
    target,
    hasCredentials: url.username !== '' || url.password !== '',
  };
}

function dialLoaded(request: DialRequest, proxy: ProxyDecision, trust: TrustStore | null): Promise<RportTransport> {
  const started = performance.now();
  const { config, redactor } = request;
  const onPhase = request.onPhase ?? (() => {});
  return new Promise<RportTransport>((resolve, reject) => {
    const target = request.target;
    // Where the dial is, for an honest timeout message: it moves on with every step the socket makes.
    let phase: DialPhase = proxy.kind === 'proxy' ? 'proxy' : isIP(target.host) ? 'tcp' : 'dns';
    let step =
      phase === 'dns' ? `looking up ${target.host}` : phase === 'tcp' ? `connecting to ${target.hostPort}` : '';
    const moveTo = (next: DialPhase, what: string): void => {
      phase = next;
      step = what;
    };
    let settled = false;
    let ws: WebSocket | null = null;
    let client: Client | null = null;
    let duplex: WsDuplex | null = null;
    let agent: Agent | undefined;
    let fingerprintFailure: string | null = null;
    let fullFingerprint = '';

    const cleanup = (): void => {
      if (client) detachClientHooks(client);
      client?.removeAllListeners('ready');
      duplex?.destroy();
      if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
      agent?.destroy();
    };
    const fail = (error: DialError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      cleanup();
      reject(new DialError(error.phase, redactor.redact(error.message), error.kind));
    };
    const timer = setTimeout(
      () =>
        fail(
          new DialError(
            phase,
            `timeout after ${Math.round(request.timeoutMs / 1000)}s during ${phase}${step ? `: ${step}` : ''}`,
            'timeout',
          ),
        ),
      request.timeoutMs,
    );
    const onAbort = (): void => fail(new DialError(phase, 'dial aborted', 'aborted'));
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });

    let wsOptions: ClientOptions;
    let proxyContext: ProxyErrorContext | null = null;
    try {
      const localAddress = config.client.bind_interface
        ? localAddressForInterface(config.client.bind_interface)
        : undefined;
      if (proxy.kind === 'proxy') {
        // A proxy from the environment or the OS is not in the config's redactor: add its password.
        if (proxy.origin !== 'rport.conf') addProxySecrets(redactor, proxy.url);
        agent = createProxyAgent(proxy.url, localAddress);
        proxyContext = proxyErrorContext(proxy, target.hostPort);
      }
      // One SecureContext for every dial (passing `ca` would parse the whole store again each time).
      const tlsOptions: Pick<ConnectionOptions, 'secureContext'> = trust ? { secureContext: trust.secureContext } : {};
      wsOptions = {
        headers: handshakeRequestHeaders(request.headers),
        perMessageDeflate: false,
        handshakeTimeout: request.timeoutMs,
        followRedirects: false,
        maxPayload: 64 * 1024 * 1024,
        generateMask: zeroMask,
        ...(agent ? { agent } : localAddress ? { localAddress } : {}),
        ...(request.tlsCa ? { ca: request.tlsCa } : {}),
        ...tlsOptions,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const from = proxy.kind === 'proxy' && proxy.origin !== 'rport.conf' ? ` (the proxy ${proxyLabel(proxy)})` : '';
      return fail(new DialError('tcp', `${message}${from}`, 'config'));
    }
    const viaProxy = agent !== undefined;
    const via = proxy.kind === 'proxy' ? ` via ${redactUrl(proxy.url)} (${proxyOriginText(proxy)})` : '';
    if (proxy.kind === 'direct' && proxy.note) request.log?.('debug', proxy.note);
    request.log?.('info', `Trying to connect to ${redactUrl(target.url)}${via} ...`);
    if (agent && proxyContext) {
      const context = proxyContext;
      onPhase('proxy', 'start');
      watchProxyTunnel(agent, {
        established: () => {
          if (settled) return;
          onPhase('proxy', 'ok', `${context.label} opened a tunnel to ${context.target}`);
          moveTo('websocket', `${context.label} opened a tunnel; no answer to the WebSocket upgrade`);
          onPhase('websocket', 'start');
        },
        refused: (status, statusText) =>
          fail(new DialError('proxy', proxyStatusMessage(context, status, statusText), 'network')),
        failed: (error) => fail(new DialError('proxy', proxyFailureMessage(context, error), 'network')),
      });
    } else onPhase('websocket', 'start');

    try {
      ws = new WebSocket(target.url, wsOptions);
    } catch (error) {
      return fail(
        new DialError('websocket', `websocket: ${error instanceof Error ? error.message : String(error)}`, 'config'),
      );
    }
    ws.on('unexpected-response', (req, res) => {
      req.destroy();
      res.resume();
      fail(new DialError('websocket', handshakeStatusMessage(res.statusCode ?? 0, viaProxy), 'protocol'));
    });
    ws.on('error', (error: Error & { code?: string }) => {
      if (phase === 'dns' || phase === 'tcp' || phase === 'proxy' || phase === 'websocket')
        fail(classifyWsError(error, target.hostPort, target.host, viaProxy));
    });
    if (!viaProxy) {
      const req = (ws as unknown as { _req?: ClientRequest | null })._req;
      req?.once('socket', (socket: Socket) =>
        followSocket(socket, target, {
          resolved: (address) => {
            if (settled || phase !== 'dns') return;
            onPhase('dns', 'ok', address);
            moveTo('tcp', `connecting to ${address}`);
          },
          connected: (remote) => {
            if (settled) return;
            onPhase('tcp', 'ok', remote);
            moveTo(
              'websocket',
              target.scheme === 'wss'
                ? `TCP connected to ${remote}; no answer to the TLS handshake`
                : `TCP connected to ${remote}; no answer to the WebSocket upgrade`,
            );
          },
          secured: (remote) => {
            if (settled) return;
            moveTo('websocket', `TCP and TLS connected to ${remote}; no answer to the WebSocket upgrade`);
          },
        }),
      );
    }
    ws.once('open', () => {
      if (settled || !ws) return;
      onPhase('websocket', 'ok');
      moveTo('ssh', 'WebSocket open; no answer in the SSH handshake');
      onPhase('ssh', 'start');
      const ssh2 = loadSsh2();
      duplex = new WsDuplex(ws);
      client = new ssh2.Client();
      const c = client;
      const router = new HookRouter();
      const { user } = splitAuth(config.client.auth);
      const configured = config.client.fingerprint;
      let lastError: Error | null = null;
      c.on('error', (error: Error & { level?: string }) => {
        lastError = error;
        if (settled) return;
        if (fingerprintFailure) return fail(new DialError('fingerprint', fingerprintFailure, 'fingerprint'));
        if (error.level === 'client-authentication')
          return fail(new DialError('auth', 'Authentication failed', 'auth'));
        fail(new DialError(phase, `ssh: handshake failed: ${error.message}`, 'protocol'));
      });
      c.on('handshake', () => {
        if (settled || phase !== 'ssh') return;
        moveTo('auth', 'SSH handshake done; no answer to the password authentication');
        onPhase('auth', 'start');
      });
      c.once('close', () => {
        if (settled) return;
        if (fingerprintFailure) return fail(new DialError('fingerprint', fingerprintFailure, 'fingerprint'));
        fail(
          new DialError(
            phase,
            `ssh: handshake failed: ${lastError?.message ?? 'connection closed by the server'}`,
            'protocol',
          ),
        );
      });
      c.once('ready', () => {
        if (settled || !ws || !duplex) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        onPhase('auth', 'ok');
        resolve(
          makeTransport(target, c, router, ws, duplex, fullFingerprint, performance.now() - started, () => lastError),
        );
      });
      const connectConfig: ConnectConfig = {
        sock: duplex,
        username: user,
        password: request.password,
        ident: CLIENT_IDENT,
        readyTimeout: Math.max(1000, request.timeoutMs - (performance.now() - started)),
        keepaliveInterval: 0,
        hostVerifier: (key: Buffer): boolean => {
          const fp = fingerprintOf(key);
          const ok = configured === '' || fp.startsWith(configured);
          if (phase === 'ssh') {
            fullFingerprint = fp;
            onPhase('ssh', 'ok');
            onPhase('fingerprint', 'start');
            if (ok) {
              onPhase('fingerprint', 'ok', fp);
              request.log?.('info', `Server's full fingerprint ${fp}`);
            } else fingerprintFailure = `invalid fingerprint (${fp})`;
          }
          return ok;
        },
      };
      try {
        c.connect(connectConfig);
        attachClientHooks(c, router, () => duplex?.originalIdent ?? null);
      } catch (error) {
        fail(new DialError('ssh', `ssh: ${error instanceof Error ? error.message : String(error)}`, 'protocol'));
      }
    });
  });
}

/** The steps of a direct connection's socket: name resolved, TCP connected, TLS done. */
function followSocket(
  socket: Socket,
  target: ServerEndpoint,
  on: { resolved(address: string): void; connected(remote: string): void; secured(remote: string): void },
): void {
  const remote = (): string => joinAddress(socket.remoteAddress, socket.remotePort) ?? target.hostPort;
  socket.once('lookup', (error: Error | null, address: string) => {
    if (!error) on.resolved(address);
  });
  if (!socket.connecting) {
    on.connected(remote());
    return;
  }
  socket.once('connect', () => on.connected(remote()));
  socket.once('secureConnect', () => on.secured(remote()));
}

function makeTransport(
  target: ServerEndpoint,
  client: Client,
  router: HookRouter,
  ws: WebSocket,
  duplex: WsDuplex,
  fingerprint: string,
  dialMs: number,
  lastError: () => Error | null,
): RportTransport {
  const remoteAddress = peerAddress(ws, target.hostPort);
  const listeners: Array<(error: Error | null) => void> = [];
  let closed = false;
  const onClosed = (): void => {
    if (closed) return;
    closed = true;
    detachClientHooks(client);
    for (const l of listeners.splice(0)) l(lastError());
  };
  client.once('close', onClosed);
  client.once('end', () => duplex.destroy());
  return {
    url: target.url,
    client,
    router,
    remoteAddress,
    fingerprint,
    dialMs,
    peer: duplex.peer,
    get closed() {
      return closed;
    },
    close() {
      if (closed) return;
      duplex.destroy();
      // ssh2 emits 'close' from the socket's close event; make sure it runs even if the socket is gone.
      setImmediate(onClosed);
    },
    onClose(listener) {
      if (closed) queueMicrotask(() => listener(lastError()));
      else listeners.push(listener);
    },
  };
}
