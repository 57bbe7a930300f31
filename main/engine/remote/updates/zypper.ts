// openSUSE / SLES: `zypper --terse --quiet list-updates` lists packages (`v | repo | name | old | new |
// arch`); `list-patches` gives category (security) and interactivity (reboot) per patch, mapped to its
// packages through `patch-info`; `zypper needs-rebooting` tells whether a reboot is pending.
import type { ProcessRunner } from '../shared/process-runner';
import type { PackageManager, PendingUpdates } from './updates-status';

export interface ZypperUpdate {
  name: string;
  version: string;
  arch: string;
}

export function parseZypperListUpdates(output: string): ZypperUpdate[] {
  const updates: ZypperUpdate[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('v |')) continue;
    const parts = line.split('|').map((part) => part.trim());
    if (parts.length !== 6) continue;
    updates.push({ name: parts[2] ?? '', version: parts[4] ?? '', arch: parts[5] ?? '' });
  }
  return updates;
}

export interface ZypperPatch {
  name: string;
  security: boolean;
  reboot: boolean;
}

export function parseZypperListPatches(output: string): ZypperPatch[] {
  const patches: ZypperPatch[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('Repository')) continue;
    const parts = line.split('|').map((part) => part.trim());
    if (parts.length !== 7) continue;
    patches.push({ name: parts[1] ?? '', security: parts[2] === 'security', reboot: parts[4] === 'reboot' });
  }
  return patches;
}

/** The `name.arch` entries listed after `Conflicts` in `zypper patch-info`. */
export function parseZypperPatchInfo(output: string): string[] {
  const names: string[] = [];
  let inConflicts = false;
  for (const line of output.split('\n')) {
    if (!inConflicts) {
      inConflicts = line.startsWith('Conflicts');
      continue;
    }
    const fields = line.trim().split(/\s+/);
    if (fields.length === 3 && fields[0]) names.push(fields[0]);
  }
  return names;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export function createZypperPackageManager(): PackageManager {
  return {
    name: 'zypper',
    async isAvailable(run) {
      return (await run('zypper', ['help'], { timeoutMs: 20_000 })).error === null;
    },
    async pendingUpdates(run: ProcessRunner): Promise<PendingUpdates> {
      const refresh = isRoot()
        ? await run('zypper', ['refresh'], { timeoutMs: 300_000 })
        : await run('sudo', ['-n', 'zypper', 'refresh'], { timeoutMs: 300_000 });
      const list = await run('zypper', ['--terse', '--quiet', 'list-updates'], { timeoutMs: 300_000 });
      if (list.error !== null) throw new Error(`zypper list-updates failed: ${list.error}: ${list.stderr.trim()}`);
      const updates = parseZypperListUpdates(list.stdout);
      const patches = await run('zypper', ['--terse', '--quiet', 'list-patches'], { timeoutMs: 300_000 });
      if (patches.error !== null)
        throw new Error(`zypper list-patches failed: ${patches.error}: ${patches.stderr.trim()}`);
      const info = new Map<string, ZypperPatch>();
      for (const patch of parseZypperListPatches(patches.stdout)) {
        const detail = await run('zypper', ['--terse', '--quiet', 'patch-info', patch.name], { timeoutMs: 120_000 });
        if (detail.error !== null) continue;
        for (const key of parseZypperPatchInfo(detail.stdout)) info.set(key, patch);
      }
      const summaries = updates.map((update) => {
        const patch = info.get(`${update.name}.${update.arch}`);
        return {
          title: update.name,
          description: `${update.name} ${update.version} [${update.arch}]`,
          reboot_required: patch?.reboot ?? false,
          is_security_update: patch?.security ?? false,
        };
      });
      const reboot = await run('zypper', ['needs-rebooting'], { timeoutMs: 60_000 });
      return {
        updates_available: summaries.length,
        security_updates_available: summaries.filter((s) => s.is_security_update).length,
        update_summaries: summaries,
        reboot_pending: !(reboot.stdout + reboot.stderr).includes('Reboot is probably not necessary'),
        ...(refresh.error !== null ? { hint: `package lists not refreshed (${refresh.error})` } : {}),
      };
    },
  };
}
