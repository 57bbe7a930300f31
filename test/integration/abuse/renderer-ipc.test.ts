// The Electron window's side of the UI contract under abuse: the main-process IPC handler of EVERY
// request (main/electron/security/ipc-guard.ts, what desktop-app.ts registers per channel) refuses
// malformed params with a clear invalid-request error, refuses any sender that is not the top frame of
// one of our app:// windows, and never lets either reach the app core. No Electron needed: the guard
// takes the parts of the IPC event it checks.
import { describe, expect, it } from 'vitest';
import { ipcRequestHandler, UNTRUSTED_SENDER, type IpcSenderInfo } from '../../../main/electron/security/ipc-guard';
import { MAX_CONFIG_TEXT_BYTES, REQUEST_NAMES, type RequestName } from '../../../main/shared/contract';

const OUR_WINDOW = 3;
const fromOurWindow: IpcSenderInfo = {
  senderFrame: { url: 'app://rport-tray/index.html', parent: null },
  sender: { id: OUR_WINDOW },
};

function guarded(name: RequestName) {
  const reached: unknown[] = [];
  const rejected: string[] = [];
  const handler = ipcRequestHandler(name, {
    isOurWebContents: (id) => id === OUR_WINDOW,
    dispatch: async (_n, params) => {
      reached.push(params);
      return { ok: true, value: null };
    },
    onRejected: (_n, reason) => rejected.push(reason),
  });
  return { handler, reached, rejected };
}

const MALFORMED: unknown[] = [
  { unexpected: true },
  'text',
  42,
  [1, 2],
  { index: 'x', text: 7, server: 9, password: null },
  { __proto__: { polluted: true }, constructor: 'x' },
];

describe('abuse: every renderer request is validated in the main process', () => {
  it('malformed params for every request are refused with invalid-request and never reach the app core', async () => {
    expect(REQUEST_NAMES.length).toBeGreaterThanOrEqual(10);
    for (const name of REQUEST_NAMES) {
      const { handler, reached, rejected } = guarded(name);
      for (const params of MALFORMED) {
        const outcome = await handler(fromOurWindow, params);
        expect(outcome.ok, `${name} ${JSON.stringify(params)}`).toBe(false);
        if (!outcome.ok) {
          expect(outcome.error.code).toBe('invalid-request');
          expect(outcome.error.message).toMatch(new RegExp(`^invalid params for ${name}`));
        }
      }
      expect(reached, name).toEqual([]);
      expect(rejected).toHaveLength(MALFORMED.length);
    }
  });

  it('well-typed but out-of-range or oversized values are refused too', async () => {
    const switchServer = guarded('switchServer');
    for (const index of [-1, 256, 1.5, Number.NaN]) {
      expect((await switchServer.handler(fromOurWindow, { index })).ok, String(index)).toBe(false);
    }
    const check = guarded('checkConfig');
    const outcome = await check.handler(fromOurWindow, { text: 'x'.repeat(MAX_CONFIG_TEXT_BYTES + 1) });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(/too large/);
    expect(switchServer.reached).toEqual([]);
    expect(check.reached).toEqual([]);
    // The control: a valid request does get through.
    expect(await switchServer.handler(fromOurWindow, { index: 1 })).toEqual({ ok: true, value: null });
    expect(switchServer.reached).toEqual([{ index: 1 }]);
  });

  it('any sender but the top frame of our app:// window is refused for every request', async () => {
    const senders: IpcSenderInfo[] = [
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: OUR_WINDOW } },
      { senderFrame: { url: 'app://rport-tray/index.html', parent: {} }, sender: { id: OUR_WINDOW } },
      { senderFrame: { url: 'app://rport-tray/index.html', parent: null }, sender: { id: 99 } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null }, sender: { id: OUR_WINDOW } },
      { senderFrame: null, sender: { id: OUR_WINDOW } },
    ];
    for (const name of REQUEST_NAMES) {
      const { handler, reached } = guarded(name);
      for (const sender of senders)
        expect(await handler(sender, undefined)).toEqual({ ok: false, error: UNTRUSTED_SENDER });
      expect(reached, name).toEqual([]);
    }
  });
});
