// Windows: the Windows Update Agent COM API (Microsoft.Update.Session), the same source the Go client
// uses through go-ole, queried from PowerShell and returned as JSON.
import type { PackageManager, PendingUpdates, UpdateSummary } from './updates-status';

export const WINDOWS_UPDATE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$session = New-Object -ComObject Microsoft.Update.Session',
  '$result = $session.CreateUpdateSearcher().Search("IsHidden=0 and IsInstalled=0")',
  '$list = @()',
  'foreach ($u in $result.Updates) {',
  '  $security = $false',
  "  foreach ($c in $u.Categories) { if ($c.Name -like '*Security Updates*') { $security = $true } }",
  '  $list += [pscustomobject]@{ title = [string]$u.Title; description = [string]$u.Description; reboot_required = [bool]$u.RebootRequired; is_security_update = $security }',
  '}',
  '$reboot = (New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired',
  '[pscustomobject]@{ updates = $list; reboot_pending = [bool]$reboot } | ConvertTo-Json -Depth 4 -Compress',
].join('\n');

/** PowerShell's -EncodedCommand: base64 of UTF-16LE, which avoids every quoting problem. */
export const encodedPowerShell = (script: string): string => Buffer.from(script, 'utf16le').toString('base64');

interface RawUpdate {
  title?: unknown;
  description?: unknown;
  reboot_required?: unknown;
  is_security_update?: unknown;
}

/** Parses the script's JSON; ConvertTo-Json may give an object instead of a one-element array. */
export function parseWindowsUpdateJson(text: string): PendingUpdates {
  const start = text.indexOf('{');
  if (start === -1) throw new Error(`unexpected Windows Update output: ${text.trim().slice(0, 200)}`);
  const parsed = JSON.parse(text.slice(start)) as { updates?: unknown; reboot_pending?: unknown };
  const rawList: RawUpdate[] = Array.isArray(parsed.updates)
    ? (parsed.updates as RawUpdate[])
    : parsed.updates && typeof parsed.updates === 'object'
      ? [parsed.updates as RawUpdate]
      : [];
  const summaries: UpdateSummary[] = rawList.map((raw) => ({
    title: typeof raw.title === 'string' ? raw.title : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    reboot_required: raw.reboot_required === true,
    is_security_update: raw.is_security_update === true,
  }));
  return {
    updates_available: summaries.length,
    security_updates_available: summaries.filter((summary) => summary.is_security_update).length,
    update_summaries: summaries,
    reboot_pending: parsed.reboot_pending === true,
  };
}

export function createWindowsUpdatePackageManager(): PackageManager {
  return {
    name: 'windows-update',
    async isAvailable() {
      return true;
    },
    async pendingUpdates(run): Promise<PendingUpdates> {
      const result = await run(
        'powershell.exe',
        [
          '-NoProfile',
          '-NonInteractive',
          '-ExecutionPolicy',
          'Bypass',
          '-EncodedCommand',
          encodedPowerShell(WINDOWS_UPDATE_SCRIPT),
        ],
        { timeoutMs: 600_000 },
      );
      if (result.error !== null)
        throw new Error(`Windows Update query failed: ${result.error}: ${result.stderr.trim().slice(0, 500)}`);
      return parseWindowsUpdateJson(result.stdout);
    },
  };
}
