// The first-start connection test: dial a server step by step and say which step fails — name lookup,
// TCP, the proxy's tunnel (when a proxy is used), WebSocket upgrade, SSH handshake, fingerprint,
// authentication — and, only when asked, the `new_connection` handshake (off by default, so testing
// never registers the client on the server).
// Every message goes through the secret redactor; the password never appears in a result.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { RportConfig } from '../shared/types/config-types';
import { loadClientAttributes } from './client-attributes';
import { DEFAULT_DIAL_TIMEOUT_MS, DialError, dialServer, type DialPhase, type RportTransport } from './dial';
import { chooseProxy, proxyLabel } from './proxy-choice';
import { prepareRun } from './engine-prepare';
import { newConnectionPayload, readNewConnectionReply } from './new-connection';
import { RportSession } from './rport-session';
import { redactUrl, splitAuth } from '../shared/secrets';
import { collectStaticSystemInfo } from './system-info';
import { dialErrorText } from './core-requests';
import { lookupFailureText } from '../shared/net/lookup-failure';

export type ConnectionTestStepName =
  'dns' | 'tcp' | 'proxy' | 'websocket' | 'ssh' | 'fingerprint' | 'auth' | 'handshake';

export interface ConnectionTestStep {
  step: ConnectionTestStepName;
  ok: boolean;
  ms: number;
  message: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionTestStep[];
}

export interface ConnectionTestOptions {
  /** The password when it is kept in the keychain rather than in `auth`. */
  passwordOverride?: string;
  /** Which server to test: 0 = `server` (default), 1.. = `fallback_servers`. */
  serverIndex?: number;
  /** Overall budget for the dial (TCP + TLS + WebSocket + SSH + auth). */
  timeoutMs?: number;
  /** Also send `new_connection` (registers the client on the server). Default false. */
  sendNewConnection?: boolean;
  /** SessionID for `new_connection`; defaults to a fresh UUID. */
  sessionId?: string;
  /** Tests only: extra CA certificates for wss://. */
  tlsCa?: string | Buffer | Array<string | Buffer>;
  /** The desktop app's system proxy per server entry (EngineStartOptions.systemProxies). */
  systemProxies?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function connectOnce(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function testConnection(
  config: RportConfig,
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const steps: ConnectionTestStep[] = [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
  let prepared;
  try {
    prepared = await prepareRun({
      config,
      configPath: '',
      sessionId: options.sessionId ?? crypto.randomUUID(),
      ...(options.passwordOverride !== undefined ? { passwordOverride: options.passwordOverride } : {}),
    });
  } catch (error) {
    return {
      ok: false,
      steps: [{ step: 'dns', ok: false, ms: 0, message: error instanceof Error ? error.message : String(error) }],
    };
  }
  const redact = (text: string): string => prepared.redactor.redact(text);
  const push = (step: ConnectionTestStepName, ok: boolean, ms: number, message: string): void => {
    steps.push({ step, ok, ms: round(ms), message: redact(message) });
  };
  const server = prepared.servers[options.serverIndex ?? 0];
  if (!server)
    return {
      ok: false,
      steps: [{ step: 'dns', ok: false, ms: 0, message: `there is no server ${options.serverIndex}` }],
    };
  const url = server.endpoint;

  // Name lookup and TCP to the first hop: the server, or the proxy when one is configured (the proxy
  // resolves and reaches the server itself, so those steps are folded into the WebSocket step then).
  let hop = { host: url.host, port: url.port, label: redactUrl(url.url) };
  const proxy = chooseProxy({
    configProxy: config.client.proxy,
    serverUrl: url.url,
    serverEntry: server.endpoint.address,
    systemProxies: options.systemProxies,
  });
  if (proxy.kind === 'proxy') {
    try {
      const p = new URL(proxy.url);
      hop = {
        host: p.hostname.replace(/^\[|\]$/g, ''),
        port: Number(p.port || (p.protocol.startsWith('socks') ? 1080 : 80)),
        label: `proxy ${proxyLabel(proxy)}`,
      };
    } catch {
      push('dns', false, 0, `invalid proxy URL: ${redactUrl(proxy.url)}`);
      return { ok: false, steps };
    }
  }
  let t = performance.now();
  let address = hop.host;
  if (net.isIP(hop.host)) push('dns', true, 0, `${hop.host} is an IP address`);
  else {
    try {
      address = (await lookup(hop.host)).address;
      push('dns', true, performance.now() - t, `${hop.host} → ${address}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      push(
        'dns',
        false,
        performance.now() - t,
        lookupFailureText(hop.host, code) ?? `lookup ${hop.host}: ${String(error)}`,
      );
      return { ok: false, steps };
    }
  }
  t = performance.now();
  try {
    await connectOnce(address, hop.port, timeoutMs);
    push(
      'tcp',
      true,
      performance.now() - t,
      `connected to ${net.isIPv6(address) ? `[${address}]` : address}:${hop.port} (${hop.label})`,
    );
  } catch (error) {
    const hostPort = net.isIPv6(address) ? `[${address}]:${hop.port}` : `${address}:${hop.port}`;
    push('tcp', false, performance.now() - t, dialErrorText(hostPort, error as Error));
    return { ok: false, steps };
  }

  // WebSocket, SSH, fingerprint and auth, timed from the dialer's phase boundaries.
  const startedAt = new Map<DialPhase, number>();
  let transport: RportTransport | null = null;
  const authId = splitAuth(config.client.auth).user;
  try {
    transport = await dialServer({
      target: server.endpoint,
      config: prepared.config,
      password: prepared.password,
      headers: prepared.headers,
      timeoutMs,
      redactor: prepared.redactor,
      ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      proxy,
      onPhase: (phase, outcome, detail) => {
        if (outcome === 'start') return void startedAt.set(phase, performance.now());
        const ms = performance.now() - (startedAt.get(phase) ?? performance.now());
        if (phase === 'proxy') push('proxy', true, ms, detail ?? 'the proxy opened a tunnel to the server');
        else if (phase === 'websocket')
          push('websocket', true, ms, `upgrade to ${redactUrl(url.url)} accepted (rport-v1)`);
        else if (phase === 'ssh') push('ssh', true, ms, 'SSH handshake with the server');
        else if (phase === 'fingerprint') {
          push(
            'fingerprint',
            true,
            ms,
            config.client.fingerprint
              ? `server fingerprint ${detail ?? ''} matches ${config.client.fingerprint}`
              : `no fingerprint configured; the server's is ${detail ?? ''}`,
          );
        } else if (phase === 'auth') push('auth', true, ms, `logged in as ${authId}`);
      },
    });
  } catch (error) {
    const phase: DialPhase = error instanceof DialError ? error.phase : 'websocket';
    const ms = performance.now() - (startedAt.get(phase) ?? performance.now());
    push(phase, false, ms, error instanceof Error ? error.message : String(error));
    return { ok: false, steps };
  }

  if (!options.sendNewConnection) {
    transport.close();
    return { ok: true, steps };
  }
  t = performance.now();
  try {
    const session = new RportSession(
      transport,
      { index: server.index, url: server.url, role: server.role },
      {
        onServerRequest: (_s, name, _wantReply, _payload, reply) =>
          name === 'ping' ? reply(true, null) : reply(false, Buffer.from('unknown request')),
        onChannelOpen: () => {},
        onCapabilities: () => {},
      },
    );
    const attributes = await loadClientAttributes(
      config.client.tags,
      config.client.labels,
      config.client.attributes_file_path,
      () => {},
    );
    const payload = newConnectionPayload(prepared, attributes, await collectStaticSystemInfo());
    const outcome = await session.request('new_connection', payload, timeoutMs);
    const reply = readNewConnectionReply(outcome.ok, outcome.payload);
    if (reply.ok) push('handshake', true, performance.now() - t, 'the server accepted the client (new_connection)');
    else push('handshake', false, performance.now() - t, reply.error);
    return { ok: reply.ok, steps };
  } catch (error) {
    push('handshake', false, performance.now() - t, error instanceof Error ? error.message : String(error));
    return { ok: false, steps };
  } finally {
    transport.close();
  }
}
