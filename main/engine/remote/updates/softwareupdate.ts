// macOS: `softwareupdate -l` lists recommended updates. Two output formats exist: since macOS 10.15
// `* Label: X` followed by `Title: …, Version: …, Action: restart`; before, `* X` followed by
// `Title (Version), SizeK [recommended] [restart]`. "No new software available." means none.
import type { PackageManager, PendingUpdates, UpdateSummary } from './updates-status';
import { countSecurity } from './updates-status';

const isSecurityTitle = (text: string): boolean => /security|xprotect|\bMRT\b|rapid security response/i.test(text);

export function parseSoftwareUpdateList(output: string): UpdateSummary[] {
  const summaries: UpdateSummary[] = [];
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const label = /^\s*\*\s+(?:Label:\s*)?(.+?)\s*$/.exec(line);
    if (!label?.[1]) continue;
    const detail = (lines[i + 1] ?? '').trim();
    const newTitle = /Title:\s*([^,]+)/.exec(detail)?.[1]?.trim();
    const newVersion = /Version:\s*([^,]+)/.exec(detail)?.[1]?.trim();
    const oldStyle = /^(.+?)\s*\(([^)]*)\)/.exec(detail);
    const title = newTitle ?? oldStyle?.[1]?.trim() ?? label[1];
    const version = newVersion ?? oldStyle?.[2]?.trim() ?? '';
    const restart = /Action:\s*restart/i.test(detail) || /\[restart\]/i.test(detail);
    summaries.push({
      title,
      description: [label[1], version !== '' ? `(${version})` : ''].filter(Boolean).join(' '),
      reboot_required: restart,
      is_security_update: isSecurityTitle(`${label[1]} ${title}`),
    });
    i++;
  }
  return summaries;
}

export function createSoftwareUpdatePackageManager(): PackageManager {
  return {
    name: 'softwareupdate',
    async isAvailable(run) {
      const result = await run('softwareupdate', ['--help'], { timeoutMs: 20_000 });
      // `--help` exits non-zero on some versions but prints its usage.
      return result.error === null || /usage/i.test(result.stdout + result.stderr);
    },
    async pendingUpdates(run): Promise<PendingUpdates> {
      const result = await run('softwareupdate', ['-l'], { timeoutMs: 600_000 });
      if (result.error !== null && !/No new software available/i.test(result.stderr + result.stdout)) {
        throw new Error(`softwareupdate -l failed: ${result.error}: ${result.stderr.trim()}`);
      }
      const summaries = parseSoftwareUpdateList(result.stdout);
      return {
        updates_available: summaries.length,
        security_updates_available: countSecurity(summaries),
        update_summaries: summaries,
        // macOS does not tell whether a restart is already pending.
        reboot_pending: false,
      };
    },
  };
}
