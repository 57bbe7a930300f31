// Free and total bytes per mounted file system, as the `mountpoints` JSON string of save_measurement
// (keys `free_b.<mount>` and `total_b.<mount>`), filtered like the Go client: fs_type_include,
// fs_path_exclude (globs, or prefixes with fs_path_exclude_recurse), one mount per device by default.
import { readFile, statfs } from 'node:fs/promises';
import type { MonitoringSection } from '../../../shared/types/config-types';
import type { ProcessRunner } from '../shared/process-runner';
import { goGlobToRegExp } from '../../../shared/go/glob';

export interface Mount {
  device: string;
  mountpoint: string;
  fstype: string;
}

/** /proc/self/mounts escapes space, tab, newline and backslash as octal. */
const unescapeMount = (text: string): string =>
  text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

export function parseProcMounts(text: string): Mount[] {
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length >= 3)
    .map(([device = '', mountpoint = '', fstype = '']) => ({
      device: unescapeMount(device),
      mountpoint: unescapeMount(mountpoint),
      fstype,
    }));
}

/** macOS `mount` output: `/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)`. */
export function parseDarwinMount(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const match = /^(.+?) on (.+) \(([^,)]+)/.exec(line);
    if (match?.[1] && match[2] && match[3])
      mounts.push({ device: match[1], mountpoint: match[2], fstype: match[3].trim() });
  }
  return mounts;
}

export interface WindowsDisk {
  DeviceID?: string;
  FileSystem?: string | null;
  Size?: number | null;
  FreeSpace?: number | null;
}

/** `Get-CimInstance Win32_LogicalDisk | ConvertTo-Json` (an object when there is one disk). */
export function parseWindowsDisks(text: string): WindowsDisk[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parsed = JSON.parse(trimmed) as WindowsDisk | WindowsDisk[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

export function selectMounts(mounts: Mount[], section: MonitoringSection, windows = false): Mount[] {
  const types = new Set(section.fs_type_include.map((t) => t.toLowerCase()));
  const excludes = section.fs_path_exclude;
  const globs = excludes.map((pattern) => {
    try {
      return goGlobToRegExp(pattern, { windows });
    } catch {
      return null;
    }
  });
  const seenDevices = new Set<string>();
  const chosen: Mount[] = [];
  for (const mount of mounts) {
    if (!types.has(mount.fstype.toLowerCase())) continue;
    if (section.fs_path_exclude_recurse && excludes.some((prefix) => mount.mountpoint.startsWith(prefix))) continue;
    if (globs.some((re) => re !== null && re.test(mount.mountpoint))) continue;
    if (section.fs_identify_mountpoints_by_device) {
      if (seenDevices.has(mount.device)) continue;
      seenDevices.add(mount.device);
    }
    chosen.push(mount);
  }
  return chosen;
}

export async function listMounts(platform: NodeJS.Platform, run: ProcessRunner): Promise<Mount[]> {
  if (platform === 'linux') return parseProcMounts(await readFile('/proc/self/mounts', 'utf8'));
  if (platform === 'darwin') {
    const result = await run('mount', [], { timeoutMs: 10_000 });
    if (result.error !== null) throw new Error(`mount failed: ${result.error}`);
    return parseDarwinMount(result.stdout);
  }
  return [];
}

const WINDOWS_DISKS_SCRIPT =
  'Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,FileSystem,Size,FreeSpace | ConvertTo-Json -Compress';

export async function measureMountpoints(
  section: MonitoringSection,
  platform: NodeJS.Platform,
  run: ProcessRunner,
): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  if (platform === 'win32') {
    const result = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_DISKS_SCRIPT], {
      timeoutMs: 30_000,
    });
    if (result.error !== null) throw new Error(`listing disks failed: ${result.error}`);
    const disks = parseWindowsDisks(result.stdout).filter((d) => d.DeviceID && typeof d.Size === 'number');
    const mounts = disks.map((d) => ({
      device: d.DeviceID ?? '',
      mountpoint: `${d.DeviceID ?? ''}\\`,
      fstype: d.FileSystem ?? '',
    }));
    for (const mount of selectMounts(mounts, section, true)) {
      const disk = disks.find((d) => d.DeviceID === mount.device);
      results[`free_b.${mount.mountpoint}`] = disk?.FreeSpace ?? 0;
      results[`total_b.${mount.mountpoint}`] = disk?.Size ?? 0;
    }
    return results;
  }
  for (const mount of selectMounts(await listMounts(platform, run), section)) {
    try {
      const stats = await statfs(mount.mountpoint);
      results[`free_b.${mount.mountpoint}`] = stats.bavail * stats.bsize;
      results[`total_b.${mount.mountpoint}`] = stats.blocks * stats.bsize;
    } catch {
      // A mount that vanished or is not readable is skipped, as Go does.
    }
  }
  return results;
}
