// The installed command as a user runs it: a real process through the package's bin launcher.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve('bin/rport-tray.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('rport-tray bin', () => {
  it('answers --help with the command list', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: rport-tray <command>/);
    expect(r.stdout).toMatch(/\n {2}run +run the client headless/);
  });

  it('loads dist/cli.cjs in pieces, never with a read of the whole file (bin/load-in-pieces.js)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-bin-'));
    dirs.push(dir);
    // Node's require() reads a file with fs.readFileSync: refused here for the CLI bundle.
    const refuse = path.join(dir, 'refuse-whole-read.cjs');
    writeFileSync(
      refuse,
      `const fs = require('node:fs');
const whole = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('cli.cjs')) throw new Error('read whole: ' + file);
  return whole.call(this, file, ...rest);
};`,
    );
    const r = spawnSync(process.execPath, ['--require', refuse, bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: rport-tray <command>/);
  });

  it('exits 3 and names the file and line for a config with a TOML error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-bin-'));
    dirs.push(dir);
    const file = path.join(dir, 'rport.conf');
    writeFileSync(file, '[client]\nserver = "127.0.0.1:8080"\nauth = \n');
    const r = cli('check', '--config', file);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${file}:3:`);
  });
});
