// The default session before any page loads: CSP on every response, permissions denied, app:// served
// from dist/renderer, downloads refused and logged.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { setupSession } from '../../../../main/electron/startup/session';

describe('setupSession', () => {
  it('adds the CSP, denies permissions, serves app:// and refuses downloads', () => {
    const session = Object.assign(new EventEmitter(), {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    });
    const protocol = { handle: vi.fn() };
    const log = vi.fn();
    setupSession({ session: { defaultSession: session }, protocol } as never, '/app/dist', log);

    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0]![0] as (
      details: { responseHeaders: Record<string, string[]> },
      callback: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(Object.keys(headers).some((k) => k.toLowerCase() === 'content-security-policy')).toBe(true);
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));

    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download, { getFilename: () => 'x.zip', getURL: () => 'blob:x' });
    expect(download.preventDefault).toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', 'refused a download by the window (x.zip)');
  });
});
