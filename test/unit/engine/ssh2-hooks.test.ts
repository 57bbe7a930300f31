// The ssh2 version guard: the hooks patch ssh2 internals, so any other version or any change to the
// patched files must fail loudly (issue: "a test must fail loudly if an upgrade breaks the hooks").
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PINNED_SSH2_VERSION,
  SSH2_INTERNALS_SHA256,
  Ssh2HooksError,
  assertSsh2Compatible,
  loadSsh2,
} from '../../../main/engine/ssh2-hooks';

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('ssh2/package.json'));

describe('ssh2 hooks version guard', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  });

  const copyOfSsh2 = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ssh2-copy-'));
    temps.push(dir);
    cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    cpSync(path.join(root, 'lib'), path.join(dir, 'lib'), { recursive: true });
    return dir;
  };

  it('the installed ssh2 is exactly the pinned version with the verified internals', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(PINNED_SSH2_VERSION);
    expect(() => assertSsh2Compatible()).not.toThrow();
    const mod = loadSsh2();
    expect(mod.version).toBe(PINNED_SSH2_VERSION);
    expect(mod.PACKET_SIZE).toBe(32 * 1024);
  });

  it('package.json pins ssh2 exactly', () => {
    const ours = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(ours.dependencies.ssh2).toBe(PINNED_SSH2_VERSION);
  });

  // npm ci applies the patch to a fresh ssh2 (patch-package); a patch regenerated from a node_modules whose
  // native binding was built also carried build files with this machine's paths, and failed to apply there.
  it('the ssh2 patch changes only hashed source files, and is exactly what is installed', () => {
    const patchFile = path.join(process.cwd(), 'patches', `ssh2+${PINNED_SSH2_VERSION}.patch`);
    const files = [...readFileSync(patchFile, 'utf8').matchAll(/^diff --git a\/node_modules\/ssh2\/(\S+) /gm)].map(
      (m) => m[1],
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(Object.keys(SSH2_INTERNALS_SHA256)).toContain(file);
    // Throws unless the installed files are the pristine ones with exactly this patch applied.
    execFileSync('git', ['apply', '--reverse', '--check', patchFile], { cwd: process.cwd(), stdio: 'pipe' });
  });

  it('fails loudly on another version', () => {
    const dir = copyOfSsh2();
    const pkgPath = path.join(dir, 'package.json');
    writeFileSync(
      pkgPath,
      readFileSync(pkgPath, 'utf8').replace(`"version": "${PINNED_SSH2_VERSION}"`, '"version": "1.18.0"'),
    );
    expect(() => assertSsh2Compatible(dir)).toThrow(Ssh2HooksError);
    expect(() => assertSsh2Compatible(dir)).toThrow(/must be exactly 1\.17\.0 \(found 1\.18\.0\)/);
  });

  it('fails loudly when a patched internal file changed', () => {
    for (const file of Object.keys(SSH2_INTERNALS_SHA256)) {
      const dir = copyOfSsh2();
      writeFileSync(path.join(dir, file), `${readFileSync(path.join(dir, file), 'utf8')}\n// changed\n`);
      expect(() => assertSsh2Compatible(dir)).toThrow(new RegExp(`internals differ.*${file.replace(/[.]/g, '\\.')}`));
    }
  });
});
