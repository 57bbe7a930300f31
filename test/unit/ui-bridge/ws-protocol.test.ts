// The headless WebSocket framing: what a window may send (a request frame, nothing else), what it gets
// (hello, response, event), and a frame limit that fits the largest legitimate request. The server's use
// of it (refusals with reasons, the 1009 close) is in web-ui-server.test.ts and the abuse tests.
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_TEXT_BYTES, REQUEST_NAMES, parseRequest } from '../../../main/shared/contract';
import {
  MAX_WS_MESSAGE_BYTES,
  wsClientMessageSchema,
  wsServerMessageSchema,
  type WsClientMessage,
} from '../../../main/ui-bridge/ws-protocol';

describe('ws protocol: client frames', () => {
  it('accepts a request with a numeric id and a name, with or without params', () => {
    expect(wsClientMessageSchema.safeParse({ kind: 'request', id: 1, name: 'pause' }).success).toBe(true);
    const frame = { kind: 'request', id: 2, name: 'switchServer', params: { index: 1 } };
    expect(wsClientMessageSchema.parse(frame)).toEqual(frame);
  });

  it('refuses anything else: other kinds, string or unsafe ids, extra keys, long names', () => {
    const bad: unknown[] = [
      { kind: 'event', id: 1, name: 'pause' },
      { kind: 'hello', contractVersion: 1 },
      { kind: 'request', id: '1', name: 'pause' },
      { kind: 'request', id: -1, name: 'pause' },
      { kind: 'request', id: 1.5, name: 'pause' },
      { kind: 'request', id: Number.MAX_SAFE_INTEGER + 2, name: 'pause' },
      { kind: 'request', id: 1, name: 'pause', extra: 1 },
      { kind: 'request', id: 1, name: 'x'.repeat(65) },
      { kind: 'request', id: 1 },
      [],
      null,
      'pause',
    ];
    for (const frame of bad) expect(wsClientMessageSchema.safeParse(frame).success, JSON.stringify(frame)).toBe(false);
  });

  it('leaves the request itself to the contract: a known frame shape with an unknown name still parses', () => {
    const frame = wsClientMessageSchema.parse({ kind: 'request', id: 3, name: 'deleteEverything' });
    expect(parseRequest(frame.name, frame.params)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('has room for every request name', () => {
    for (const name of REQUEST_NAMES)
      expect(wsClientMessageSchema.safeParse({ kind: 'request', id: 1, name }).success).toBe(true);
  });
});

describe('ws protocol: server frames', () => {
  it('knows hello, response and event, and nothing else', () => {
    expect(wsServerMessageSchema.safeParse({ kind: 'hello', contractVersion: 1 }).success).toBe(true);
    expect(wsServerMessageSchema.safeParse({ kind: 'response', id: null, outcome: {} }).success).toBe(true);
    expect(wsServerMessageSchema.safeParse({ kind: 'event', seq: 1, event: {} }).success).toBe(true);
    expect(wsServerMessageSchema.safeParse({ kind: 'event', seq: 0, event: {} }).success).toBe(false);
    expect(wsServerMessageSchema.safeParse({ kind: 'response', id: '1', outcome: {} }).success).toBe(false);
    expect(wsServerMessageSchema.safeParse({ kind: 'shutdown' }).success).toBe(false);
  });
});

describe('ws protocol: frame limit', () => {
  it('fits the largest config text the contract accepts, as a save request frame', () => {
    const frame: WsClientMessage = {
      kind: 'request',
      id: Number.MAX_SAFE_INTEGER,
      name: 'saveConfig',
      params: { text: 'x'.repeat(MAX_CONFIG_TEXT_BYTES), baseRevision: 'r'.repeat(128) },
    };
    expect(parseRequest(frame.name, frame.params)).toMatchObject({ ok: true });
    expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThanOrEqual(MAX_WS_MESSAGE_BYTES);
  });
});
