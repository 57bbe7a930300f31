// Saving the service's rport.conf: directly when this user may, else through the save helper (a fake
// one here: a node script with the helper's contract), which keeps `.bak`; a helper that fails or is
// missing leaves the file as it was and says why.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSaveHelper, elevatedConfigWriter } from '../../../../main/watchdog/service/elevated-config-write';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-elevated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HELPER = path.join(dir, 'fake-helper.mjs');
writeFileSync(
  HELPER,
  "import { copyFileSync, readFileSync, writeFileSync, existsSync } from 'node:fs';\n" +
    'const [src, dst] = process.argv.slice(2);\n' +
    "if (process.env.FAIL_HELPER) { process.stderr.write('Request dismissed'); process.exit(126); }\n" +
    "if (existsSync(dst)) copyFileSync(dst, dst + '.bak');\n" +
    "writeFileSync(dst, readFileSync(src, 'utf8'));\n",
);
const denied = async () => {
  throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
};

describe('elevatedConfigWriter', () => {
  it('writes directly when it may, keeping .bak and the mode', async () => {
    const file = path.join(dir, 'direct.conf');
    writeFileSync(file, 'old', { mode: 0o640 });
    await elevatedConfigWriter({ helper: null })(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('old');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('hands the text to the save helper when this user may not write the file', async () => {
    const file = path.join(dir, 'helped.conf');
    writeFileSync(file, 'old');
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('rport-tray-save-'));
    await elevatedConfigWriter({ helper: [process.execPath, HELPER], direct: denied })(file, 'auth = "id:secret"\n');
    expect(readFileSync(file, 'utf8')).toBe('auth = "id:secret"\n');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('old');
    // The temporary copy (it holds the password) is gone.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('rport-tray-save-'))).toEqual(before);
  });

  it('says why when the helper fails, and the file stays as it was', async () => {
    const file = path.join(dir, 'failed.conf');
    writeFileSync(file, 'old');
    process.env.FAIL_HELPER = '1';
    try {
      await expect(
        elevatedConfigWriter({ helper: [process.execPath, HELPER], direct: denied })(file, 'new'),
      ).rejects.toThrow(
        new RegExp(
          `this user may not write ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(EACCES\\) and the save helper did not: .* exited with code 126: Request dismissed`,
        ),
      );
    } finally {
      delete process.env.FAIL_HELPER;
    }
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('without a helper (Windows has no default) says what to set', async () => {
    await expect(
      elevatedConfigWriter({ helper: null, platform: 'win32', direct: denied })('C:\\rport.conf', 'x'),
    ).rejects.toThrow(/set a save helper command \(Settings, or --save-helper\), or let this user write the file/);
  });

  it('passes other errors on as they are', async () => {
    const full = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await expect(elevatedConfigWriter({ helper: ['x'], direct: full })('/x', 'y')).rejects.toThrow(/ENOSPC/);
  });

  it('has pkexec on Linux and osascript on macOS as default helpers', () => {
    expect(defaultSaveHelper('linux')?.slice(0, 3)).toEqual(['pkexec', '/bin/sh', '-c']);
    expect(defaultSaveHelper('darwin')?.[0]).toBe('osascript');
    expect(defaultSaveHelper('win32')).toBeNull();
  });
});
