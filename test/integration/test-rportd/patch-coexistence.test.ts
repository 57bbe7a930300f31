// The ssh2 handler-table patches of the engine, the test server and the reference client share one
// process (README "How the ssh2 handler-table patches coexist"). This file proves the server keeps
// working whatever else patched entries 82 and 90, in either order.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadSsh2 } from '../../../main/engine/ssh2-hooks';
import { connected, onCleanup, server } from './harness';

const require = createRequire(import.meta.url);
type RawHandler = (self: { _server?: boolean; _handlers: Record<string, unknown> }, payload: Buffer) => void;
const HANDLERS = require('ssh2/lib/protocol/handlers.js') as RawHandler[];

/** Server ping answered with a failure whose text only survives if entry 82 keeps the payload. */
async function legacyPingSurvives(): Promise<void> {
  const s = await server();
  const { c, tc } = await connected(s);
  c.answer = (req) => (req.name === 'ping' ? { ok: false, payload: Buffer.from('unknown request') } : null);
  const reply = await tc.ping();
  expect(reply).toEqual({ ok: false, payload: Buffer.from('unknown request') });
  expect(tc.isClosed).toBe(false);
  // And a client → server channel with extra data still arrives through entry 90.
  const ch = await c.openChannel('stderr', Buffer.from('{"jid":"j"}'));
  ch.end('err');
  expect((await tc.waitForChannel('stderr')).extra.toString()).toBe('{"jid":"j"}');
}

describe('ssh2 handler patches coexist', () => {
  it('works with the engine client hooks installed in the same process', async () => {
    loadSsh2();
    await legacyPingSurvives();
  });

  it('works under a later prototype-style patch that serves 82 for every instance', async () => {
    const saved82 = HANDLERS[82]!;
    const saved90 = HANDLERS[90]!;
    onCleanup(() => {
      HANDLERS[82] = saved82;
      HANDLERS[90] = saved90;
    });
    // The prototype's patches: 82 with no dispatch at all; 90 taking `rport` opens for instances that
    // carry `_rportOnChannelOpen` and passing everything else to the previous handler.
    HANDLERS[82] = (self, payload) => {
      const h = self._handlers['REQUEST_FAILURE'] as ((p: unknown, d: Buffer | null) => void) | undefined;
      h?.(self, payload.length > 1 ? Buffer.from(payload.subarray(1)) : null);
    };
    HANDLERS[90] = (self, payload) => {
      const typeLen = payload.readUInt32BE(1);
      const hook = (self as { _rportOnChannelOpen?: (extra: Buffer) => void })._rportOnChannelOpen;
      if (payload.toString('latin1', 5, 5 + typeLen) !== 'rport' || !hook) return saved90(self, payload);
      hook(Buffer.from(payload.subarray(5 + typeLen + 12)));
    };
    await legacyPingSurvives();
  });
});
