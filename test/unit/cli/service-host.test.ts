// What `rport-tray service install` puts in the unit it writes: node itself and the real path of
// bin/rport-tray.js, never npm's bin link or `npx` (README "Running it for weeks").
import { mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemServiceHost } from '../../../main/cli/service/service-host';
import { renderSystemdUnit } from '../../../main/cli/service/systemd-unit';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the service host', () => {
  it.runIf(process.platform !== 'win32')(
    'resolves npm’s bin link to bin/rport-tray.js and runs it with the node that ran the install',
    () => {
      dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rport-service-host-')));
      const script = path.join(dir, 'lib', 'node_modules', 'rport-tray', 'bin', 'rport-tray.js');
      mkdirSync(path.dirname(script), { recursive: true });
      writeFileSync(script, '#!/usr/bin/env node\n');
      const link = path.join(dir, 'bin', 'rport-tray');
      mkdirSync(path.dirname(link));
      symlinkSync(path.relative(path.dirname(link), script), link);

      const host = systemServiceHost(link);
      expect(host.cliPath).toBe(script);
      expect(host.nodePath).toBe(process.execPath);

      const unit = renderSystemdUnit({
        nodePath: host.nodePath,
        cliPath: host.cliPath,
        configFile: '/etc/rport/rport.conf',
        user: null,
        timing: { watchdogSec: 200, quietSec: 170, timeoutStartSec: 120 },
        writtenAt: new Date(0),
      });
      const execStart = unit.split('\n').find((l) => l.startsWith('ExecStart='));
      expect(execStart).toBe(`ExecStart=${process.execPath} ${script} run --config /etc/rport/rport.conf`);
      expect(unit).not.toMatch(/\bnpx\b|npm exec/);
    },
  );
});
