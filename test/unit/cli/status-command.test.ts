// `rport-tray status` beside the happy path the run tests cover: a data dir with only the Go client's
// state.json, one with nothing to show (exit 1), and a status file that is not ours (exit 1, named).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import type { CliIo } from '../../../main/cli/command-types';
import { STATUS_FILE_NAME } from '../../../main/watchdog/status-file';

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-status-cmd-'));
  dirs.push(dir);
  return dir;
}

async function status(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
  };
  const code = await runCli(['status', ...args], io);
  return { code, out: io.out, err: io.err };
}

const STATE_JSON = JSON.stringify(
  {
    last_update: '2026-01-01T12:00:00Z',
    last_update_ts: 1767268800,
    last_state: 'reconnecting',
    last_message: 'Retrying in 5s...',
  },
  null,
  2,
);

describe('rport-tray status', () => {
  it('shows the state.json of a data dir no RPort Tray supervisor keeps', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'state.json'), STATE_JSON);
    const text = await status('--data-dir', dir);
    expect(text).toEqual({
      code: 0,
      out: `state.json of an RPort client (no RPort Tray supervisor):\n${STATE_JSON}\n`,
      err: '',
    });
    expect(await status('--data-dir', dir, '--json')).toEqual({ code: 0, out: `${STATE_JSON}\n`, err: '' });
  });

  it('exits 1 when there is nothing to show, naming the folder', async () => {
    const dir = dataDir();
    const r = await status('--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`rport-tray status: no status in ${dir} (neither rport-tray-status.json nor state.json)\n`);
  });

  it('exits 1 for a status file that is not ours, naming it', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, STATUS_FILE_NAME), '{"version": 99, "supervisor": {}}');
    const r = await status('--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(dir, STATUS_FILE_NAME)}: not an RPort Tray status file of version 1`);
  });

  it('reads the data_dir of --config without --data-dir, and of the default config without either', async () => {
    const dir = dataDir();
    const data = path.join(dir, 'data');
    mkdirSync(data);
    writeFileSync(path.join(data, 'state.json'), STATE_JSON);
    const config = path.join(dir, 'rport.conf');
    writeFileSync(config, `[client]\nserver = 'h:1'\ndata_dir = ${JSON.stringify(data)}\n`, { mode: 0o600 });
    vi.stubEnv('RPORT_TRAY_POLICY', path.join(dir, 'no-policy.toml'));
    expect((await status('--config', config, '--json')).out).toBe(`${STATE_JSON}\n`);

    // The default config is <data folder>/rport.conf; its own data_dir defaults to that folder.
    vi.stubEnv('XDG_DATA_HOME', dir);
    const folder = path.join(dir, 'rport-tray');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'state.json'), STATE_JSON);
    expect(await status('--json')).toEqual({ code: 0, out: `${STATE_JSON}\n`, err: '' });
    writeFileSync(path.join(folder, 'rport.conf'), `[client]\ndata_dir = ${JSON.stringify(data)}\n`, {
      mode: 0o600,
    });
    rmSync(path.join(folder, 'state.json'));
    expect(await status('--json')).toEqual({ code: 0, out: `${STATE_JSON}\n`, err: '' });
  });
});
