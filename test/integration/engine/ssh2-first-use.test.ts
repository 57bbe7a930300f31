// ssh2's SFTP client and bcrypt-pbkdf load on first use in the engine process (main/engine/ssh2-first-use.ts,
// about 0.5 MiB idle): in a fresh process that loads ssh2 the way the engine does, neither is loaded after
// loading ssh2's client, SFTP still works end to end with the stand-in, and pbkdf gives what the package
// gives.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('ssh2 modules loaded on first use', () => {
  it('leaves SFTP and bcrypt-pbkdf out until used, and both work through their stand-ins', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/engine/sftp-first-use.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result, r.stderr).toEqual({
      sftpAtStart: false,
      naclAtStart: false,
      realpath: '/root/here',
      realClass: 'SFTP',
      constructorIsStandIn: true,
      instanceOfReal: true,
      pbkdfSame: true,
      naclAfterUse: true,
    });
  });
});
