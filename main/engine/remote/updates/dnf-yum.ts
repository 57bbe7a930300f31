// RHEL, Fedora, CentOS: `dnf`/`yum check-update` (exit 100 = updates pending) lists `name.arch version
// repo`; the same with `--security` gives the security subset; `needs-restarting -r` the reboot need.
import type { ProcessRunner } from '../shared/process-runner';
import type { PackageManager, PendingUpdates } from './updates-status';

export interface YumUpdate {
  name: string;
  arch: string;
  version: string;
  repository: string;
}

/** Lines of exactly three fields; stops at `Obsoleting Packages`, whose lines are not updates. */
export function parseCheckUpdate(output: string): YumUpdate[] {
  const updates: YumUpdate[] = [];
  for (const line of output.split('\n')) {
    if (/^Obsoleting Packages/i.test(line.trim())) break;
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3) continue;
    const [nameArch, version, repository] = fields as [string, string, string];
    const dot = nameArch.lastIndexOf('.');
    updates.push({
      name: dot > 0 ? nameArch.slice(0, dot) : nameArch,
      arch: dot > 0 ? nameArch.slice(dot + 1) : '',
      version,
      repository,
    });
  }
  return updates;
}

export function createDnfYumPackageManager(): PackageManager {
  let command = 'dnf';
  const list = async (run: ProcessRunner, extra: string[]): Promise<YumUpdate[]> => {
    const result = await run(command, ['check-update', '--quiet', ...extra], { timeoutMs: 300_000 });
    if (result.error !== null && result.code !== 100) {
      throw new Error(`${command} check-update failed: ${result.error}: ${result.stderr.trim()}`);
    }
    return parseCheckUpdate(result.stdout);
  };
  return {
    get name() {
      return command;
    },
    async isAvailable(run) {
      for (const candidate of ['dnf', 'yum']) {
        if ((await run(candidate, ['--help'], { timeoutMs: 20_000 })).error === null) {
          command = candidate;
          return true;
        }
      }
      return false;
    },
    async pendingUpdates(run): Promise<PendingUpdates> {
      const all = await list(run, []);
      const security = await list(run, ['--security']);
      const securityNames = new Set(security.map((update) => update.name));
      const restart = await run('needs-restarting', ['-r'], { timeoutMs: 60_000 });
      return {
        updates_available: all.length,
        security_updates_available: security.length,
        update_summaries: all.map((update) => ({
          title: update.name,
          description: `${update.name} ${update.version} [${update.arch}] (${update.repository})`,
          reboot_required: false,
          is_security_update: securityNames.has(update.name),
        })),
        reboot_pending: restart.stdout.includes('Reboot is required'),
      };
    },
  };
}
