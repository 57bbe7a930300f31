// The contract's schemas run on zod's mini build (main/shared/contract/zod-mini.ts), which loads no locale
// by itself: every issue would read "Invalid input". These are the exact texts the window shows for a bad
// request (parseRequest → describeIssues), as classic zod worded them, so zod-mini.ts must load English.
import { describe, expect, it } from 'vitest';
import { parseOutcome, parseRequest } from '../../../../main/shared/contract';
import { migratePreferences } from '../../../../main/config/preferences';
import { wsClientMessageSchema } from '../../../../main/ui-bridge/ws-protocol';

const message = (outcome: { ok: boolean; error?: { message: string } }): string | undefined => outcome.error?.message;

describe('the contract on zod mini: English messages, as classic zod gave them', () => {
  it('numbers: type, integer and range', () => {
    expect(message(parseRequest('switchServer', { index: -1 }))).toBe(
      'invalid params for switchServer: index: Too small: expected number to be >=0',
    );
    expect(message(parseRequest('switchServer', { index: 256 }))).toBe(
      'invalid params for switchServer: index: Too big: expected number to be <=255',
    );
    expect(message(parseRequest('switchServer', { index: 1.5 }))).toBe(
      'invalid params for switchServer: index: Invalid input: expected int, received number',
    );
    expect(message(parseRequest('switchServer', {}))).toBe(
      'invalid params for switchServer: index: Invalid input: expected number, received undefined',
    );
  });

  it('strings: trimmed, required with the contract own words, length limits', () => {
    const input = { server: '  ', fallbackServers: ['x'.repeat(2049)], authId: 'a', password: 'p', fingerprint: '' };
    expect(message(parseRequest('testConnection', input))).toBe(
      'invalid params for testConnection: server: the server address is required; ' +
        'fallbackServers.0: Too big: expected string to have <=2048 characters',
    );
    expect(message(parseRequest('saveConfig', { text: 'x'.repeat(2 * 1024 * 1024) }))).toBe(
      'invalid params for saveConfig: text: the config text is too large',
    );
  });

  it('strict objects, enums and unions', () => {
    expect(message(parseRequest('pause', { force: true }))).toBe(
      'invalid params for pause: (root): Unrecognized key: "force"',
    );
    expect(message(parseRequest('setConnection', { service: { serviceName: 'rport', port: 1 } }))).toBe(
      'invalid params for setConnection: service: Unrecognized key: "port"',
    );
    expect(message(parseRequest('updatePreferences', { theme: 'pink' }))).toBe(
      'invalid params for updatePreferences: theme: Invalid option: expected one of "system"|"light"|"dark"',
    );
    expect(message(parseOutcome('pause', { ok: 'yes' }))).toBe('invalid reply to pause: (root): Invalid input');
  });

  it('parsed values: trimmed and defaulted as before', () => {
    expect(parseRequest('previewImport', { path: '  /etc/rport/rport.conf ' })).toEqual({
      ok: true,
      name: 'previewImport',
      params: { path: '/etc/rport/rport.conf' },
    });
    const bounds = { x: 1, y: 2, width: 800, height: 600 };
    expect(migratePreferences({ schemaVersion: 2, windowBounds: bounds }).windowBounds).toEqual({
      ...bounds,
      maximized: false,
    });
  });

  it('the WebSocket framing', () => {
    const frame = wsClientMessageSchema.safeParse({ kind: 'request', id: 1, name: 'x'.repeat(65) });
    expect(frame.error?.issues.map((issue) => issue.message)).toEqual([
      'Too big: expected string to have <=64 characters',
    ]);
  });
});
