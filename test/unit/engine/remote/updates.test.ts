import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createAptPackageManager, parseAptCheck, parseAptSimulation } from '../../../../main/engine/remote/updates/apt';
import { createDnfYumPackageManager, parseCheckUpdate } from '../../../../main/engine/remote/updates/dnf-yum';
import { parseSoftwareUpdateList } from '../../../../main/engine/remote/updates/softwareupdate';
import {
  encodedPowerShell,
  parseWindowsUpdateJson,
  WINDOWS_UPDATE_SCRIPT,
} from '../../../../main/engine/remote/updates/windows-update';
import { NO_PACKAGE_MANAGER_TEXT, UpdatesService } from '../../../../main/engine/remote/updates/updates-service';
import {
  fitUpdatesStatus,
  UPDATES_STATUS_MAX_BYTES,
  type UpdatesStatus,
  type UpdateSummary,
} from '../../../../main/engine/remote/updates/updates-status';
import type { ProcessResult, ProcessRunner } from '../../../../main/engine/remote/shared/process-runner';
import type { PackageManager } from '../../../../main/engine/remote/updates/updates-status';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ok = (stdout: string, stderr = ''): ProcessResult => ({ code: 0, stdout, stderr, error: null });
const missing = (file: string): ProcessResult => ({
  code: null,
  stdout: '',
  stderr: '',
  error: `spawn ${file} ENOENT`,
});

/** A runner that replays recorded outputs by command line and records what was asked. */
function recordedRunner(outputs: Record<string, ProcessResult>): ProcessRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = (async (file: string, args: string[]) => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    return outputs[line] ?? missing(file);
  }) as ProcessRunner & { calls: string[] };
  run.calls = calls;
  return run;
}

describe('apt (Debian/Ubuntu)', () => {
  it('parses a recorded apt-get -s upgrade', () => {
    const summaries = parseAptSimulation(fixture('apt-get-simulate-upgrade.txt'));
    expect(summaries.map((s) => s.title)).toEqual(['base-files', 'bash', 'dpkg', 'libssl3']);
    expect(summaries[0]).toEqual({
      title: 'base-files',
      description: 'base-files 12.4+deb12u15 Debian:12.15/oldstable [amd64]',
      reboot_required: false,
      is_security_update: false,
    });
    expect(summaries[3]?.is_security_update).toBe(true);
  });
  it('reads Ubuntu apt-check counts', () => {
    expect(parseAptCheck('12;3')).toEqual({ available: 12, security: 3 });
    expect(parseAptCheck('garbage')).toBeNull();
  });
  it('still reports when the package lists cannot be refreshed, with a hint', async () => {
    const run = recordedRunner({
      'apt-get -s -o Debug::NoLocking=true upgrade': ok(fixture('apt-get-simulate-upgrade.txt')),
    });
    const status = await createAptPackageManager('/nonexistent/reboot-required').pendingUpdates(run);
    expect(status).toMatchObject({ updates_available: 4, security_updates_available: 1, reboot_pending: false });
    expect(status.hint).toMatch(/package lists not refreshed/);
  });
});

describe('dnf / yum', () => {
  it('parses check-update and stops at obsoleting packages', () => {
    const updates = parseCheckUpdate(fixture('dnf-check-update.txt'));
    expect(updates.map((u) => u.name)).toEqual(['NetworkManager', 'bash', 'kernel', 'openssl-libs']);
    expect(updates[2]).toEqual({
      name: 'kernel',
      arch: 'x86_64',
      version: '5.14.0-284.30.1.el9_2',
      repository: 'baseos',
    });
  });
  it('treats exit status 100 as updates pending and marks security ones', async () => {
    const hundred = (stdout: string): ProcessResult => ({ code: 100, stdout, stderr: '', error: 'exit status 100' });
    const run = recordedRunner({
      'dnf --help': ok('usage'),
      'dnf check-update --quiet': hundred(fixture('dnf-check-update.txt')),
      'dnf check-update --quiet --security': hundred(fixture('dnf-check-update-security.txt')),
      'needs-restarting -r': {
        code: 1,
        stdout: 'Reboot is required to fully utilize these updates.\n',
        stderr: '',
        error: 'exit status 1',
      },
    });
    const manager = createDnfYumPackageManager();
    expect(await manager.isAvailable(run)).toBe(true);
    const status = await manager.pendingUpdates(run);
    expect(status).toMatchObject({ updates_available: 4, security_updates_available: 2, reboot_pending: true });
    expect(status.update_summaries?.[2]).toEqual({
      title: 'kernel',
      description: 'kernel 5.14.0-284.30.1.el9_2 [x86_64] (baseos)',
      reboot_required: false,
      is_security_update: true,
    });
  });
});

describe('macOS softwareupdate -l', () => {
  it('parses the current format', () => {
    const list = parseSoftwareUpdateList(fixture('softwareupdate-l-ventura.txt'));
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ title: 'macOS Ventura 13.6.1', reboot_required: true, is_security_update: false });
    expect(list[1]).toMatchObject({ title: 'Safari', reboot_required: false });
    expect(list[2]?.is_security_update).toBe(true);
  });
  it('parses the pre-10.15 format', () => {
    const list = parseSoftwareUpdateList(fixture('softwareupdate-l-catalina.txt'));
    expect(list.map((u) => [u.title, u.reboot_required, u.is_security_update])).toEqual([
      ['Security Update 2021-002 Catalina', true, true],
      ['Safari', false, false],
    ]);
  });
});

describe('Windows Update', () => {
  it('parses the script output, also a single object', () => {
    const status = parseWindowsUpdateJson(fixture('windows-update.json'));
    expect(status).toMatchObject({ updates_available: 2, security_updates_available: 1, reboot_pending: false });
    const single = parseWindowsUpdateJson(
      '{"updates":{"title":"KB1","description":"d","reboot_required":false,"is_security_update":true},"reboot_pending":true}',
    );
    expect(single).toMatchObject({ updates_available: 1, security_updates_available: 1, reboot_pending: true });
  });
  it('passes the script as UTF-16LE base64 (-EncodedCommand)', () => {
    expect(Buffer.from(encodedPowerShell(WINDOWS_UPDATE_SCRIPT), 'base64').toString('utf16le')).toBe(
      WINDOWS_UPDATE_SCRIPT,
    );
  });
});

describe('UpdatesService', () => {
  it('reports a clear error when no package manager is found', async () => {
    const status = await new UpdatesService({ runner: recordedRunner({}), platform: 'linux' }).refresh();
    expect(status).toMatchObject({ error: NO_PACKAGE_MANAGER_TEXT, updates_available: 0, update_summaries: null });
    expect(status.refreshed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  });
  it('turns a failing check into the error field and runs one refresh at a time', async () => {
    let calls = 0;
    const manager: PackageManager = {
      name: 'fake',
      isAvailable: async () => true,
      pendingUpdates: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('apt-get -s upgrade failed: exit status 100');
      },
    };
    const service = new UpdatesService({ packageManagers: [manager] });
    const [a, b] = await Promise.all([service.refresh(), service.refresh()]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
    expect(a.error).toBe('apt-get -s upgrade failed: exit status 100');
    expect(service.lastStatus).toBe(a);
  });
  it("keeps the last status without the package manager's output its strings were cut from", async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const manager: PackageManager = {
      name: 'fake',
      isAvailable: async () => true,
      pendingUpdates: async () => {
        // 16 MiB of output, and summaries whose strings V8 makes slices of it.
        const output = `Inst ${'x'.repeat(16 * 1024 * 1024)}`;
        const update_summaries = [0, 1, 2].map((i) => ({
          title: output.slice(5 + i, 45 + i),
          description: output.slice(6 + i, 66 + i),
          reboot_required: false,
          is_security_update: false,
        }));
        return { updates_available: 3, security_updates_available: 0, update_summaries, reboot_pending: false };
      },
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    const service = new UpdatesService({ packageManagers: [manager] });
    const status = await service.refresh();
    gc();
    expect(status.update_summaries?.[2]?.title).toBe('x'.repeat(40));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('zypper (openSUSE/SLES)', () => {
  it('parses list-updates, list-patches and patch-info', async () => {
    const { parseZypperListPatches, parseZypperListUpdates, parseZypperPatchInfo } =
      await import('../../../../main/engine/remote/updates/zypper');
    expect(
      parseZypperListUpdates(
        'S | Repository | Name | Current Version | Available Version | Arch\nv | Main Update | openssl | 1.1.1 | 1.1.1w | x86_64\n',
      ),
    ).toEqual([{ name: 'openssl', version: '1.1.1w', arch: 'x86_64' }]);
    expect(
      parseZypperListPatches(
        'Repository | Name | Category | Severity | Interactive | Status | Summary\nUpdate | SUSE-2023-1 | security | important | reboot | needed | openssl fix\n',
      ),
    ).toEqual([{ name: 'SUSE-2023-1', security: true, reboot: true }]);
    expect(
      parseZypperPatchInfo(
        'Name: SUSE-2023-1\nConflicts : [2]\n    openssl.x86_64 < 1.1.1w\n    libopenssl1_1.x86_64 < 1.1.1w\n',
      ),
    ).toEqual(['openssl.x86_64', 'libopenssl1_1.x86_64']);
  });
});

describe('updates_status size budget', () => {
  const summary = (i: number): UpdateSummary => ({
    title: `package-${i}`,
    description: `package-${i} 1.2.${i} [amd64] (updates) ${'x'.repeat(150)}`,
    reboot_required: false,
    is_security_update: i % 10 === 0,
  });
  const status = (count: number): UpdatesStatus => ({
    refreshed: '2024-03-01T12:00:00.25+01:00',
    updates_available: count,
    security_updates_available: Math.ceil(count / 10),
    update_summaries: Array.from({ length: count }, (_, i) => summary(i)),
    reboot_pending: false,
  });

  it('leaves a status that fits as it is', () => {
    const small = status(20);
    expect(fitUpdatesStatus(small)).toBe(small);
  });

  it('cuts summaries from the end to stay under the budget, keeping the counts exact', () => {
    const big = status(3000);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(256 * 1024);
    const sent = fitUpdatesStatus(big);
    const bytes = Buffer.byteLength(JSON.stringify(sent));
    expect(bytes).toBeLessThanOrEqual(UPDATES_STATUS_MAX_BYTES);
    // Fills the budget: one more summary would not have fitted.
    expect(bytes + Buffer.byteLength(JSON.stringify(summary(0))) + 1).toBeGreaterThan(UPDATES_STATUS_MAX_BYTES);
    expect(sent.update_summaries).toEqual(big.update_summaries?.slice(0, sent.update_summaries?.length));
    expect(sent).toMatchObject({ updates_available: 3000, security_updates_available: 300 });
  });
});
