// ssh2's WebAssembly Poly1305 is left out of the engine process when ssh2's native helper is there
// (main/engine/ssh2-poly1305.ts, ~4 MiB): chacha20-poly1305 still works, both as client and as server,
// in a fresh process that loads ssh2 the way the engine does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const helperBuilt = existsSync('node_modules/ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');

describe('ssh2 without its unused WebAssembly Poly1305', () => {
  it.skipIf(!helperBuilt)('leaves it out and still speaks chacha20-poly1305 through the native helper', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/engine/chacha-loopback.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result, r.stderr).toEqual({ skipped: true, reply: 'pong', standIn: true });
  });
});
