// The keychain step: available as it is, or not (Linux's basic_text) with the reason in the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { setupKeychain } from '../../../../main/electron/startup/keychain';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-keychain-step-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const safeStorage = (backend: string) => ({
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => backend,
  encryptStringAsync: async (s: string) => Buffer.from(s),
  decryptStringAsync: async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false }),
});

describe('setupKeychain', () => {
  it('keeps passwords in the keychain when there is one', async () => {
    const log = vi.fn();
    const store = await setupKeychain(safeStorage('gnome_libsecret') as never, dir, 'linux', log);
    expect(store.isAvailable()).toBe(true);
    expect(log).not.toHaveBeenCalled();
  });

  it("refuses Linux's basic_text store and says why in the log", async () => {
    const log = vi.fn();
    const store = await setupKeychain(safeStorage('basic_text') as never, dir, 'linux', log);
    expect(store.isAvailable()).toBe(false);
    expect(log).toHaveBeenCalledWith('warn', expect.stringMatching(/^passwords stay in rport.conf: .*basic_text/));
  });
});
