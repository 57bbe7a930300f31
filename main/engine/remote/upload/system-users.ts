// User and group names to ids for `DestinationFileOwner/Group` (Unix only). Node has no getpwnam, so
// read the account databases like Go's pure os/user does, and fall back to `id` / `dscl` for accounts
// that live in a directory service.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { runProcess, type ProcessRunner } from '../shared/process-runner';

async function lookupInFile(file: string, name: string): Promise<number | null> {
  try {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      const fields = line.split(':');
      if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
    }
  } catch {
    // Not readable: fall through to the commands.
  }
  return null;
}

async function nameInFile(file: string, id: number): Promise<string | null> {
  try {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      const fields = line.split(':');
      if (fields[2] === String(id) && fields[0]) return fields[0];
    }
  } catch {
    // Not readable.
  }
  return null;
}

export interface SystemUsers {
  uid(name: string): Promise<number>;
  gid(name: string): Promise<number>;
  current(): Promise<{ user: string; uid: number; group: string | null; gid: number }>;
}

export function createSystemUsers(runner: ProcessRunner = runProcess): SystemUsers {
  return {
    async uid(name) {
      if (/^\d+$/.test(name)) return Number(name);
      const fromFile = await lookupInFile('/etc/passwd', name);
      if (fromFile !== null) return fromFile;
      const id = await runner('id', ['-u', name], { timeoutMs: 10_000 });
      if (id.error === null && /^\d+\s*$/.test(id.stdout)) return Number(id.stdout.trim());
      throw new Error(`user: unknown user ${name}`);
    },
    async gid(name) {
      if (/^\d+$/.test(name)) return Number(name);
      const fromFile = await lookupInFile('/etc/group', name);
      if (fromFile !== null) return fromFile;
      const getent = await runner('getent', ['group', name], { timeoutMs: 10_000 });
      const field = getent.error === null ? getent.stdout.split(':')[2] : undefined;
      if (field !== undefined && /^\d+$/.test(field)) return Number(field);
      const dscl = await runner('dscl', ['.', '-read', `/Groups/${name}`, 'PrimaryGroupID'], { timeoutMs: 10_000 });
      const match = dscl.error === null ? /PrimaryGroupID:\s*(\d+)/.exec(dscl.stdout) : null;
      if (match?.[1]) return Number(match[1]);
      throw new Error(`group: unknown group ${name}`);
    },
    async current() {
      const info = os.userInfo();
      return { user: info.username, uid: info.uid, gid: info.gid, group: await nameInFile('/etc/group', info.gid) };
    },
  };
}
