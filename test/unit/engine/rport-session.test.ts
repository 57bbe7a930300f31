// The session's closedSignal: everything living on the connection (a listener per open tunnel) hears
// when it closes, and many tunnels are not mistaken for a listener leak.
import { afterEach, describe, expect, it } from 'vitest';
import type { RportTransport } from '../../../main/engine/dial';
import { HookRouter } from '../../../main/engine/hook-router';
import { RportSession } from '../../../main/engine/rport-session';
import { SocketCloseWatch } from '../../../main/engine/socket-close-watch';

function fakeTransport(): { transport: RportTransport; close(): void } {
  const listeners: Array<(error: Error | null) => void> = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const l of listeners.splice(0)) l(null);
  };
  const transport = {
    url: 'ws://127.0.0.1:1',
    client: {} as RportTransport['client'],
    router: new HookRouter(),
    remoteAddress: '127.0.0.1:1',
    fingerprint: '',
    dialMs: 0,
    peer: new SocketCloseWatch(null),
    get closed() {
      return closed;
    },
    close,
    onClose: (l: (error: Error | null) => void) => listeners.push(l),
  } satisfies RportTransport;
  return { transport, close };
}

describe('RportSession.closedSignal', () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): number => warnings.push(w);
  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('aborts once when the connection closes, for every listener, without a leak warning', async () => {
    process.on('warning', onWarning);
    const { transport, close } = fakeTransport();
    const session = new RportSession(
      transport,
      { index: 0, url: transport.url, role: 'primary' },
      { onServerRequest: () => {}, onChannelOpen: () => {}, onCapabilities: () => {} },
    );
    let heard = 0;
    for (let i = 0; i < 200; i++) session.closedSignal.addEventListener('abort', () => heard++, { once: true });
    expect(session.closed).toBe(false);
    close();
    expect(session.closed).toBe(true);
    expect(session.closedSignal.aborted).toBe(true);
    expect(heard).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
