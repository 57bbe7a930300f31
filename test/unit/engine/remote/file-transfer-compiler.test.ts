// An upload turns the engine's JIT compilers on before its bytes flow (main/engine/jit-compilers.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ServerSession } from '../../../../main/engine/server-session';

const order: string[] = [];
vi.mock('../../../../main/engine/jit-compilers', () => ({
  jitCompilers: { turnOn: () => order.push('compilers on') },
}));
const { transferToTemp } = await import('../../../../main/engine/remote/upload/file-transfer');

const dir = mkdtempSync(path.join(tmpdir(), 'rport-upload-compiler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an upload', () => {
  it('turns the compilers on before it opens SFTP', async () => {
    const session = {
      sftp: async () => {
        order.push('sftp');
        throw new Error('no sftp here');
      },
    } as unknown as ServerSession;
    await expect(transferToTemp(session, '/upload/1', dir, Buffer.alloc(16))).rejects.toThrow('no sftp here');
    expect(order).toEqual(['compilers on', 'sftp']);
  });
});
