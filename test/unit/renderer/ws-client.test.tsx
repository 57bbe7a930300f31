// The headless window's WebSocket client over a scripted socket: replies matched by id and checked
// against the contract, events validated, requests failed (not hung) when the link drops, and a
// reconnect after the app restarts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsClient, type LinkState } from '../../../renderer/src/client/ws-client';

class ScriptedSocket {
  static instances: ScriptedSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({ reason: '' });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(reason = 'gone') {
    this.readyState = 3;
    this.onclose?.({ reason });
  }
}

const latest = () => ScriptedSocket.instances[ScriptedSocket.instances.length - 1] as ScriptedSocket;

beforeEach(() => {
  ScriptedSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function client(onLink?: (s: LinkState, d: string | null) => void) {
  return createWsClient({
    url: 'ws://127.0.0.1:1/ws',
    WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket,
    requestTimeoutMs: 5_000,
    ...(onLink ? { onLinkState: onLink } : {}),
  });
}

describe('WebSocket contract client', () => {
  it('sends requests with ids and resolves each with its checked reply', async () => {
    const c = client();
    latest().open();
    const pause = c.pause();
    const sw = c.switchServer({ index: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().sent).toEqual([
      { kind: 'request', id: 1, name: 'pause' },
      { kind: 'request', id: 2, name: 'switchServer', params: { index: 1 } },
    ]);
    latest().receive({
      kind: 'response',
      id: 2,
      outcome: { ok: false, error: { code: 'invalid-state', message: 'not running' } },
    });
    latest().receive({ kind: 'response', id: 1, outcome: { ok: true, value: 'not null' } });
    expect(await sw).toEqual({ ok: false, error: { code: 'invalid-state', message: 'not running' } });
    expect(await pause).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('invalid result for pause') },
    });
    c.close();
  });

  it('passes valid events on and drops malformed ones', async () => {
    const c = client();
    const seen: number[] = [];
    c.onEvent((m) => seen.push(m.seq));
    latest().open();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    latest().receive({ kind: 'event', seq: 1, event: { type: 'tunnels', tunnels: [] } });
    latest().receive({ kind: 'event', seq: 2, event: { type: 'tunnels', tunnels: 'none' } });
    latest().receive({ kind: 'event', seq: 3, event: { type: 'config-changed', revision: 'r', at: 1 } });
    expect(seen).toEqual([1, 3]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    c.close();
  });

  it('fails pending requests when the link drops, then reconnects with back-off', async () => {
    const links: string[] = [];
    const c = client((s) => links.push(s));
    latest().open();
    const pending = c.getConfig();
    await vi.advanceTimersByTimeAsync(0);
    latest().drop('server restarting');
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the connection to the app was lost' },
    });
    expect(links).toEqual(['connecting', 'open', 'closed']);
    expect(ScriptedSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(ScriptedSocket.instances).toHaveLength(2);
    // The app is still away: each failed try waits twice as long as the one before.
    latest().drop('refused');
    await vi.advanceTimersByTimeAsync(999);
    expect(ScriptedSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(ScriptedSocket.instances).toHaveLength(3);
    latest().open();
    expect(links.slice(-2)).toEqual(['connecting', 'open']);
    // Once through, the next loss starts from the short wait again.
    latest().drop('restarting');
    await vi.advanceTimersByTimeAsync(500);
    expect(ScriptedSocket.instances).toHaveLength(4);
    c.close();
  });

  it('gives up on a request that gets no reply in time', async () => {
    const c = client();
    latest().open();
    const pending = c.resume();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toEqual({ ok: false, error: { code: 'unavailable', message: 'resume timed out' } });
    c.close();
  });
});
