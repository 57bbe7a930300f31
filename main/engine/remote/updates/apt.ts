// Debian and Ubuntu: the simulated `apt-get upgrade` lists every pending package with its origin; a
// `-security` origin marks a security update (as the Go client reads it). Ubuntu's apt-check counts win
// when present because the desktop shows them. /var/run/reboot-required says a reboot is pending.
import { access } from 'node:fs/promises';
import type { ProcessRunner } from '../shared/process-runner';
import { countSecurity, type PackageManager, type PendingUpdates, type UpdateSummary } from './updates-status';

export const APT_SIMULATE_ARGS = ['-s', '-o', 'Debug::NoLocking=true', 'upgrade'];

/** Parses `Inst <pkg> [<old>] (<new> <origin> [<arch>])` lines of `apt-get -s upgrade`. */
export function parseAptSimulation(output: string): UpdateSummary[] {
  const summaries: UpdateSummary[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('Inst ')) continue;
    const parts = line.split(' ');
    const title = parts[1];
    if (title === undefined || parts.length < 3) continue;
    const details = /\((.*?)\)/.exec(line)?.[1];
    const description = details === undefined ? title : `${title} ${details}`;
    summaries.push({
      title,
      description,
      reboot_required: false,
      is_security_update: description.includes('-security'),
    });
  }
  return summaries;
}

/** Ubuntu's `/usr/lib/update-notifier/apt-check` prints `<available>;<security>` on stderr. */
export function parseAptCheck(output: string): { available: number; security: number } | null {
  const match = /^\s*(\d+);(\d+)\s*$/.exec(output);
  return match ? { available: Number(match[1]), security: Number(match[2]) } : null;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export function createAptPackageManager(rebootRequiredFile = '/var/run/reboot-required'): PackageManager {
  return {
    name: 'apt',
    async isAvailable(run) {
      return (await run('apt-get', ['help'], { timeoutMs: 20_000 })).error === null;
    },
    async pendingUpdates(run: ProcessRunner): Promise<PendingUpdates> {
      const hints: string[] = [];
      // Refreshing the package lists needs root; a desktop user usually has no password-less sudo.
      const refresh = isRoot()
        ? await run('apt-get', ['update', '-o', 'Debug::NoLocking=true'], { timeoutMs: 300_000 })
        : await run('sudo', ['-n', 'apt-get', 'update', '-o', 'Debug::NoLocking=true'], { timeoutMs: 300_000 });
      if (refresh.error !== null) {
        hints.push(`package lists not refreshed (${refresh.error}); counts are as of the last 'apt-get update'`);
      }
      const simulated = await run('apt-get', APT_SIMULATE_ARGS, { timeoutMs: 300_000 });
      if (simulated.error !== null) {
        throw new Error(
          `apt-get ${APT_SIMULATE_ARGS.join(' ')} failed: ${simulated.error}: ${simulated.stderr.trim()}`,
        );
      }
      const summaries = parseAptSimulation(simulated.stdout);
      const check = await run('/usr/lib/update-notifier/apt-check', [], { timeoutMs: 300_000 });
      const counts = check.error === null ? (parseAptCheck(check.stderr) ?? parseAptCheck(check.stdout)) : null;
      let rebootPending = false;
      try {
        await access(rebootRequiredFile);
        rebootPending = true;
      } catch {
        rebootPending = false;
      }
      return {
        updates_available: counts?.available ?? summaries.length,
        security_updates_available: counts?.security ?? countSecurity(summaries),
        update_summaries: summaries,
        reboot_pending: rebootPending,
        ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
      };
    },
  };
}
