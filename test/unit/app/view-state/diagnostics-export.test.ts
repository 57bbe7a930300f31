// Export diagnostics: one root folder, the expected files, and no secret anywhere in the zip (a known
// password in the config and in a log line, grepped in every entry's bytes).
import { unzipSync, strFromU8 } from 'fflate';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  createHarness,
  engineStatus,
  progress,
  sampleConfig,
  supervisorStatus,
  type Harness,
} from '../app-test-kit';
import { SECRET_MASK } from '../../../../main/shared/secrets';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('diagnostics export', () => {
  it('zips logs, state, status, versions and the redacted config under one folder, with no secret', async () => {
    const proxyPassword = 'Pr0xy-Secret-99';
    const dataDir = path.join('/tmp', `rport-tray-diag-${process.pid}-${Date.now()}`);
    h = await createHarness(
      sampleConfig('ws://127.0.0.1:9999', '').replace(
        '  fingerprint = "aa:bb"',
        `  fingerprint = "aa:bb"\n  proxy = "http://user:${proxyPassword}@127.0.0.1:3128"\n  data_dir = "${dataDir}"`,
      ),
    );
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'state.json'), '{"last_state":"connected"}');
    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus() });
    h.supervisor.emit(progress(engineStatus({ lastPingMs: 5 }), 'ping'));
    h.supervisor.emit({
      type: 'engine',
      event: {
        type: 'log',
        line: {
          at: 1,
          level: 'warn',
          source: 'engine',
          message: `dial with ${PASSWORD} and ${encodeURIComponent(proxyPassword)}`,
        },
      },
    });

    const outcome = await h.core.request('exportDiagnostics');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const bytes = Buffer.from(outcome.value.base64, 'base64');
    expect(bytes.length).toBe(outcome.value.bytes);
    const entries = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(entries);
    const roots = new Set(names.map((n) => n.split('/')[0]));
    expect(roots.size).toBe(1);
    const root = [...roots][0] ?? '';
    expect(outcome.value.fileName).toBe(`${root}.zip`);
    expect(names.map((n) => n.slice(root.length + 1)).sort()).toEqual(
      [
        'README.txt',
        'activity.json',
        'latency.json',
        'logs.txt',
        'rport.conf',
        'state.json',
        'status.json',
        'timeline.json',
        'tunnels.json',
        'versions.json',
      ].sort(),
    );
    for (const [name, data] of Object.entries(entries)) {
      const content = Buffer.from(data);
      expect(content.includes(PASSWORD), `${name} holds the password`).toBe(false);
      expect(content.includes(proxyPassword), `${name} holds the proxy password`).toBe(false);
    }
    const conf = strFromU8(entries[`${root}/rport.conf`] ?? new Uint8Array());
    expect(conf).toContain('# the server we use');
    expect(conf).toContain(`auth = "client1:${SECRET_MASK}"`);
    expect(strFromU8(entries[`${root}/logs.txt`] ?? new Uint8Array())).toContain(
      `dial with ${SECRET_MASK} and ${SECRET_MASK}`,
    );
    expect(strFromU8(entries[`${root}/state.json`] ?? new Uint8Array())).toBe('{"last_state":"connected"}');
    const versions = JSON.parse(strFromU8(entries[`${root}/versions.json`] ?? new Uint8Array())) as {
      app: { name: string };
      node: string;
    };
    expect(versions.app.name).toBe('RPort Tray');
    expect(versions.node).toBe(process.versions.node);
  });

  it('keeps a password written without its id out of the zip, in the config and in the logs', async () => {
    const password = 'hunter2-no-id-secret';
    h = await createHarness(sampleConfig().replace(`auth = "client1:${PASSWORD}"`, `auth = "${password}"`));
    h.supervisor.emit({
      type: 'engine',
      event: { type: 'log', line: { at: 1, level: 'warn', source: 'engine', message: `echoed ${password}` } },
    });
    const outcome = await h.core.request('exportDiagnostics');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const entries = unzipSync(new Uint8Array(Buffer.from(outcome.value.base64, 'base64')));
    for (const [name, data] of Object.entries(entries)) {
      expect(Buffer.from(data).includes(password), `${name} holds the password`).toBe(false);
    }
    const entry = (suffix: string) =>
      strFromU8(Object.entries(entries).find(([n]) => n.endsWith(suffix))?.[1] ?? new Uint8Array());
    expect(entry('/rport.conf')).toContain(`auth = "${SECRET_MASK}"`);
    expect(entry('/logs.txt')).toContain(`echoed ${SECRET_MASK}`);
  });
});
