// The log both headless modes (`rport-tray run`, `run --ui`) open: in the config's data dir, at the config's level, and scrubbed of
// every secret the config holds, whatever line happens to quote one.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHeadlessLog } from '../../../main/run/headless-run';
import type { ConsoleIo } from '../../../main/run/console-io';
import { parseConfigText } from '../../../main/config/parse-config';
import type { LogSink } from '../../../main/logging/log-sink';
import { SECRET_MASK } from '../../../main/shared/secrets';

const dirs: string[] = [];
const sinks: LogSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('rport-tray run: the log', () => {
  it('goes to <data_dir>/logs and stdout with every secret of the config scrubbed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-run-log-'));
    dirs.push(dataDir);
    const text = [
      '[client]',
      'server = "127.0.0.1:1"',
      'auth = "client1:pw-in-auth"',
      'proxy = "http://bob:pw-of-proxy@127.0.0.1:3128"',
      `data_dir = ${JSON.stringify(dataDir)}`,
      '[connection]',
      'headers = ["Authorization: Bearer token-in-header"]',
      '[logging]',
      'log_level = "debug"',
    ].join('\n');
    const parsed = parseConfigText(text, { file: 'rport.conf', defaultDataDir: '/unused', platform: 'linux' });
    expect(parsed.ok).toBe(true);
    let stdout = '';
    const io: ConsoleIo = { stdout: (t) => void (stdout += t), stderr: () => undefined };
    const sink = await openHeadlessLog(parsed.config, io);
    sinks.push(sink);
    sink.log('debug', 'engine', 'echoed by a library: pw-in-auth, pw-of-proxy, Bearer token-in-header');
    await sink.close();
    const logDir = path.join(dataDir, 'logs');
    const fileText = readdirSync(logDir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(path.join(logDir, f), 'utf8'))
      .join('');
    for (const where of [stdout, fileText]) {
      expect(where).toContain(`echoed by a library: ${SECRET_MASK}, ${SECRET_MASK}, ${SECRET_MASK}`);
      for (const secret of ['pw-in-auth', 'pw-of-proxy', 'token-in-header']) expect(where).not.toContain(secret);
    }
  });
});
