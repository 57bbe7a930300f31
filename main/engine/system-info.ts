// Facts about this machine for `new_connection` (docs/protocol.md §3.2), collected the way the Go
// client's gopsutil/machineid calls produce them, close enough that rportd's UI shows the same things:
// machine id, `uname -a`, OS name/version/family, kernel, arch as GOARCH, virtualization, CPU, memory,
// time zone as Go's `MST (UTC-07:00)`, and every non-loopback IP address.
import { execFile } from 'node:child_process';
import { readFile, access } from 'node:fs/promises';
import os from 'node:os';
import { localZoneAbbreviation } from './local-zone';

const UNKNOWN = 'unknown';

function run(file: string, args: string[], timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      if (error) reject(error);
      else resolve(String(stdout));
    });
  });
}

const readText = (file: string): Promise<string | null> => readFile(file, 'utf8').catch(() => null);
const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/** denisbrodbeck/machineid v1.0.1: the OS's machine id, trimmed, not hashed. */
export async function machineId(platform: NodeJS.Platform = process.platform): Promise<string> {
  if (platform === 'linux' || platform === 'freebsd') {
    for (const file of ['/var/lib/dbus/machine-id', '/etc/machine-id', '/etc/hostid']) {
      const text = (await readText(file))?.trim();
      if (text) return text;
    }
    throw new Error('open /etc/machine-id: no such file or directory');
  }
  if (platform === 'darwin') {
    const out = await run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice']);
    const m = /"IOPlatformUUID"\s*=\s*"([^"]+)"/.exec(out);
    if (!m?.[1]) throw new Error('IOPlatformUUID not found');
    return m[1].trim();
  }
  if (platform === 'win32') {
    const out = await run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid', '/reg:64']);
    const m = /MachineGuid\s+REG_SZ\s+(\S+)/.exec(out);
    if (!m?.[1]) throw new Error('MachineGuid not found');
    return m[1].trim();
  }
  throw new Error(`machine id not supported on ${platform}`);
}

/** Node's process.arch → Go's GOARCH. */
export function goArch(arch: string = process.arch, endianness: 'BE' | 'LE' = os.endianness()): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    case 'mipsel':
      return 'mipsle';
    case 'ppc64':
      return endianness === 'LE' ? 'ppc64le' : 'ppc64';
    default:
      return arch;
  }
}

/** Go's runtime.GOOS / gopsutil's `OS` (`OSKernel`). */
export function goOs(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'windows' : platform;
}

export interface PlatformInfo {
  platform: string;
  family: string;
  version: string;
}

const FAMILY: Record<string, string> = {
  debian: 'debian',
  ubuntu: 'debian',
  linuxmint: 'debian',
  raspbian: 'debian',
  pop: 'debian',
  elementary: 'debian',
  kali: 'debian',
  fedora: 'fedora',
  redhat: 'rhel',
  rhel: 'rhel',
  centos: 'rhel',
  rocky: 'rhel',
  almalinux: 'rhel',
  oracle: 'rhel',
  ol: 'rhel',
  amzn: 'rhel',
  amazon: 'rhel',
  scientific: 'rhel',
  cloudlinux: 'rhel',
  suse: 'suse',
  sles: 'suse',
  opensuse: 'suse',
  'opensuse-leap': 'suse',
  'opensuse-tumbleweed': 'suse',
  gentoo: 'gentoo',
  arch: 'arch',
  manjaro: 'arch',
  alpine: 'alpine',
  coreos: 'coreos',
};

/** Parses /etc/os-release content. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1]) out[m[1]] = (m[2] ?? '').replace(/^["']|["']$/g, '');
  }
  return out;
}

/** gopsutil host.PlatformInformation: platform, family, version. */
export async function platformInfo(platform: NodeJS.Platform = process.platform): Promise<PlatformInfo> {
  if (platform === 'linux') {
    const release = parseOsRelease(
      (await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release')) ?? '',
    );
    let id = (release.ID ?? '').toLowerCase();
    if (id === 'rhel') id = 'redhat';
    if (id === 'ol') id = 'oracle';
    if (id === 'amzn') id = 'amazon';
    let version = release.VERSION_ID ?? '';
    if (id === 'debian') version = (await readText('/etc/debian_version'))?.trim() || version;
    const like = (release.ID_LIKE ?? '').split(/\s+/);
    const family = FAMILY[id] ?? like.map((l) => FAMILY[l]).find((f) => f !== undefined) ?? '';
    return { platform: id, family, version };
  }
  if (platform === 'darwin') {
    const version = (await run('sw_vers', ['-productVersion']).catch(() => '')).trim();
    return { platform: 'darwin', family: 'Standalone Workstation', version };
  }
  if (platform === 'win32') {
    const name = os.version(); // e.g. "Windows 10 Pro"
    const build = os.release().split('.')[2] ?? '';
    return {
      platform: `Microsoft ${name}`,
      family: /server/i.test(name) ? 'Server' : 'Standalone Workstation',
      version: `${os.release()} Build ${build}`,
    };
  }
  return { platform: goOs(platform), family: '', version: os.release() };
}

/** Go's strings.Title(strings.ToLower(platform)) + " " + version. */
export function osFullName(info: PlatformInfo): string {
  const title = info.platform
    .toLowerCase()
    .replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return `${title} ${info.version}`;
}

/** `uname -a` on Unix; "<Platform> <PlatformVersion> <PlatformFamily>" on Windows. */
export async function osDescription(info: PlatformInfo, platform: NodeJS.Platform = process.platform): Promise<string> {
  if (platform === 'win32') return `${info.platform} ${info.version} ${info.family}`;
  try {
    return (await run('uname', ['-a'])).trim() || UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** gopsutil's virtualization guess on Linux: [system (upper-cased as rport does), role]. */
export async function virtualization(platform: NodeJS.Platform = process.platform): Promise<[string, string]> {
  if (platform !== 'linux') return ['', ''];
  if (await exists('/proc/xen')) {
    const caps = (await readText('/proc/xen/capabilities')) ?? '';
    return ['XEN', caps.includes('control_d') ? 'host' : 'guest'];
  }
  const modules = (await readText('/proc/modules')) ?? '';
  if (/^kvm /m.test(modules)) return ['KVM', 'host'];
  if (/^vboxdrv /m.test(modules)) return ['VBOX', 'host'];
  if (/^vboxguest /m.test(modules)) return ['VBOX', 'guest'];
  if (/^vmware /m.test(modules)) return ['VMWARE', 'guest'];
  const cpuinfo = (await readText('/proc/cpuinfo')) ?? '';
  if (/QEMU Virtual CPU|Common KVM processor|Common 32-bit KVM processor/.test(cpuinfo)) return ['KVM', 'guest'];
  if (await exists('/proc/vz')) return (await exists('/proc/bc')) ? ['OPENVZ', 'host'] : ['OPENVZ', 'guest'];
  const cgroup = (await readText('/proc/1/cgroup')) ?? '';
  if (cgroup.includes('lxc')) return ['LXC', 'guest'];
  if (cgroup.includes('docker') || (await exists('/.dockerenv'))) return ['DOCKER', 'guest'];
  const product = `${(await readText('/sys/class/dmi/id/product_name')) ?? ''} ${(await readText('/sys/class/dmi/id/sys_vendor')) ?? ''}`;
  if (/KVM|QEMU/i.test(product)) return ['KVM', 'guest'];
  if (/VMware/i.test(product)) return ['VMWARE', 'guest'];
  if (/VirtualBox/i.test(product)) return ['VBOX', 'guest'];
  if (/Microsoft Corporation/i.test(product)) return ['HYPERV', 'guest'];
  return ['', ''];
}

export interface CpuInfo {
  family: string;
  model: string;
  modelName: string;
  vendor: string;
  count: number;
}

export async function cpuInfo(platform: NodeJS.Platform = process.platform): Promise<CpuInfo> {
  const cpus = os.cpus();
  const info: CpuInfo = {
    family: UNKNOWN,
    model: UNKNOWN,
    modelName: cpus[0]?.model.trim() || UNKNOWN,
    vendor: UNKNOWN,
    count: cpus.length,
  };
  if (platform === 'linux') {
    const first = ((await readText('/proc/cpuinfo')) ?? '').split(/\n\s*\n/)[0] ?? '';
    const field = (name: string): string | undefined =>
      new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1]?.trim() || undefined;
    info.family = field('cpu family') ?? info.family;
    info.model = field('model') ?? info.model;
    info.modelName = field('model name') ?? info.modelName;
    info.vendor = field('vendor_id') ?? info.vendor;
  }
  return info;
}

/** Zone abbreviation for a date as tzdata prints it (`CET`, `UTC`, `EDT`), or null when Intl has none. */
function zoneAbbreviation(date: Date): string | null {
  // en-US knows the US and UTC/GMT names, en-GB the European ones; other zones come back as `GMT+3`.
  for (const locale of ['en-US', 'en-GB']) {
    const part = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part && !/^(GMT|UTC)[+-]/.test(part)) return part;
  }
  return null;
}

/** Go's `time.Now().Format("MST (UTC-07:00)")`, e.g. `CET (UTC+01:00)`, or `+0530 (UTC+05:30)` without an abbreviation. */
export function goTimezone(date: Date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  // tzdata first (as Go): Intl's zone names would map megabytes of ICU data into the engine process.
  const abbreviation = localZoneAbbreviation(date, offset) ?? zoneAbbreviation(date) ?? `${sign}${hh}${mm}`;
  return `${abbreviation} (UTC${sign}${hh}:${mm})`;
}

/** Every address of every interface except loopback, link-local included, without prefix length. */
export function ipAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): {
  ipv4: string[];
  ipv6: string[];
} {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') ipv4.push(a.address);
      else ipv6.push(a.address.split('%')[0] ?? a.address);
    }
  }
  return { ipv4, ipv6 };
}

/** The facts that do not change while the process runs, collected once. */
export interface StaticSystemInfo {
  machineId: string | null;
  machineIdError: string | null;
  os: string;
  osFullName: string;
  osVersion: string;
  osVirtualizationSystem: string;
  osVirtualizationRole: string;
  osArch: string;
  osFamily: string;
  osKernel: string;
  cpu: CpuInfo;
  memoryTotal: number;
}

export async function collectStaticSystemInfo(): Promise<StaticSystemInfo> {
  const [id, info, cpu, virt] = await Promise.all([
    machineId().then(
      (v) => ({ v, e: null }),
      (e: unknown) => ({ v: null, e: e instanceof Error ? e.message : String(e) }),
    ),
    platformInfo().catch((): PlatformInfo => ({ platform: '', family: '', version: '' })),
    cpuInfo(),
    virtualization().catch((): [string, string] => [UNKNOWN, UNKNOWN]),
  ]);
  return {
    machineId: id.v,
    machineIdError: id.e,
    os: await osDescription(info),
    osFullName: info.platform ? osFullName(info) : UNKNOWN,
    osVersion: info.version || UNKNOWN,
    osVirtualizationSystem: virt[0],
    osVirtualizationRole: virt[1],
    osArch: goArch(),
    osFamily: info.family || UNKNOWN,
    osKernel: goOs(),
    cpu,
    memoryTotal: os.totalmem(),
  };
}
