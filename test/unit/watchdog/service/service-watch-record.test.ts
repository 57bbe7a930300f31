// The record `watch-service` keeps between runs: written atomically, read back, and a file that is not
// one named in the error.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  readServiceWatchRecord,
  serviceWatchRecordPath,
  writeServiceWatchRecord,
} from '../../../../main/watchdog/service/service-watch-record';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('service watch record', () => {
  it('round-trips, and is empty when there is none', async () => {
    const file = serviceWatchRecordPath(path.join(dir, 'sub'), 'rport');
    expect(await readServiceWatchRecord(file, 'rport')).toEqual({
      version: 1,
      serviceName: 'rport',
      restarts: [],
      failedReason: null,
    });
    const record = {
      version: 1 as const,
      serviceName: 'rport',
      restarts: [{ at: 1, text: 'the service was not running (systemctl: inactive)', count: 1, failed: false }],
      failedReason: 'gave up',
    };
    await writeServiceWatchRecord(file, record);
    expect(await readServiceWatchRecord(file, 'rport')).toEqual(record);
  });

  it('names a file that is not a record', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{"restarts": 3}');
    await expect(readServiceWatchRecord(file, 'rport')).rejects.toThrow(
      `${file}: not a service watch record of version 1`,
    );
  });

  it('keeps the service name safe as a file name', () => {
    expect(path.basename(serviceWatchRecordPath('/d', 'my/rport svc'))).toBe('service-watch-my_rport_svc.json');
  });
});
