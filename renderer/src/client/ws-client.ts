// The contract over the headless web UI's WebSocket: the same ContractClient the Electron bridge is.
// It reconnects by itself (the app may restart), and tells the store when the link is up or down so the
// window can say so instead of showing stale state as live.
import {
  CONTRACT_VERSION,
  REQUEST_NAMES,
  parseEventMessage,
  parseOutcome,
  type ContractClient,
  type ContractRequests,
  type EventMessage,
  type RequestName,
  type RequestOutcome,
} from '../../../main/shared/contract';
import { WS_PATH, wsServerMessageSchema, type WsClientMessage } from '../../../main/ui-bridge/ws-protocol';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface WsClientOptions {
  url: string;
  onLinkState?: (state: LinkState, detail: string | null) => void;
  /** Per-request timeout; a request never hangs the window. */
  requestTimeoutMs?: number;
  /** Injected in tests. */
  WebSocketImpl?: typeof WebSocket;
}

export interface WsContractClient extends ContractClient {
  close(): void;
}

interface Pending {
  name: RequestName;
  resolve: (outcome: RequestOutcome<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function defaultWsUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}

export function createWsClient(options: WsClientOptions): WsContractClient {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const listeners = new Set<(message: EventMessage) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let closedByUser = false;
  let retryDelay = 500;

  const setLink = (state: LinkState, detail: string | null = null): void => options.onLinkState?.(state, detail);

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    setLink('connecting');
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new Impl(options.url);
      socket = ws;
      let isOpen = false;
      ws.onopen = () => {
        isOpen = true;
        retryDelay = 500;
        setLink('open');
        resolve(ws);
      };
      ws.onmessage = (ev: MessageEvent) => onFrame(typeof ev.data === 'string' ? ev.data : '');
      ws.onclose = (ev: CloseEvent) => {
        socket = null;
        opened = null;
        failPending('the connection to the app was lost');
        if (!isOpen) reject(new Error('could not connect to the app'));
        if (closedByUser) return setLink('closed', null);
        setLink('closed', ev.reason || 'the connection to the app was lost; reconnecting');
        // Back off up to 5 s: the app may be restarting; a refused token never becomes valid, but the
        // retry is cheap and the window says what is wrong.
        const delay = retryDelay;
        retryDelay = Math.min(retryDelay * 2, 5000);
        setTimeout(() => {
          if (!closedByUser) connect().catch(() => undefined);
        }, delay);
      };
    });
    return opened;
  }

  function onFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const frame = wsServerMessageSchema.safeParse(json);
    if (!frame.success) return;
    const message = frame.data;
    if (message.kind === 'event') {
      const parsed = parseEventMessage({ seq: message.seq, event: message.event });
      if (!parsed.ok) {
        console.warn(parsed.error.message);
        return;
      }
      for (const listener of [...listeners]) listener(parsed.value);
      return;
    }
    if (message.kind === 'hello') {
      if (message.contractVersion !== CONTRACT_VERSION) {
        console.warn(`the app speaks contract ${message.contractVersion}, this window ${CONTRACT_VERSION}`);
      }
      return;
    }
    if (message.id === null) return;
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    entry.resolve(parseOutcome(entry.name, message.outcome));
  }

  function failPending(message: string): void {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, error: { code: 'unavailable', message } });
      pending.delete(id);
    }
  }

  async function call(name: RequestName, params: unknown): Promise<RequestOutcome<unknown>> {
    let ws: WebSocket;
    try {
      ws = await connect();
    } catch (err) {
      return { ok: false, error: { code: 'unavailable', message: err instanceof Error ? err.message : String(err) } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: `${name} timed out` } });
      }, timeoutMs);
      pending.set(id, { name, resolve, timer });
      const frame: WsClientMessage =
        params === undefined ? { kind: 'request', id, name } : { kind: 'request', id, name, params };
      ws.send(JSON.stringify(frame));
    });
  }

  const requests = Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, (params?: unknown) => call(name, params)]),
  ) as unknown as ContractRequests;

  connect().catch(() => undefined);

  return {
    ...requests,
    contractVersion: CONTRACT_VERSION,
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      closedByUser = true;
      socket?.close();
    },
  };
}
