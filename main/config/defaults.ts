import type { RportConfig } from '../shared/types/config-types';

const NS_PER_SECOND = 1_000_000_000;
export const seconds = (n: number): number => n * NS_PER_SECOND;
export const minutes = (n: number): number => seconds(60 * n);
export const hours = (n: number): number => minutes(60 * n);

export type ConfigPlatform = 'linux' | 'darwin' | 'win32';

export function currentPlatform(): ConfigPlatform {
  return process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
}

export const DEFAULT_PROTECTED_PATHS: Record<ConfigPlatform, string[]> = {
  linux: ['/bin', '/sbin', '/boot', '/usr/bin', '/usr/sbin', '/dev', '/lib*', '/run'],
  darwin: ['/bin', '/sbin', '/boot', '/usr/bin', '/usr/sbin', '/dev', '/lib*', '/run'],
  win32: ['C:\\Windows\\', 'C:\\ProgramData'],
};

/**
 * The Go client's defaults (docs/protocol.md §8.2), except `data_dir`: a desktop app keeps its data in
 * its own folder, which the caller passes in, instead of the service path `/var/lib/rport`.
 */
export function defaultConfig(dataDir: string, platform: ConfigPlatform = currentPlatform()): RportConfig {
  return {
    client: {
      server: '',
      fallback_servers: [],
      server_switchback_interval: minutes(2),
      fingerprint: '',
      auth: '',
      proxy: '',
      id: '',
      use_system_id: true,
      name: '',
      use_hostname: true,
      tags: [],
      labels: {},
      attributes_file_path: '',
      remotes: [],
      tunnel_allowed: [],
      allow_root: false,
      updates_interval: hours(4),
      data_dir: dataDir,
      bind_interface: '',
      ip_api_url: '',
      ip_refresh_min: 30,
    },
    connection: {
      keep_alive: minutes(3),
      keep_alive_timeout: seconds(30),
      max_retry_count: -1,
      max_retry_interval: minutes(5),
      headers: [],
      hostname: '',
      watchdog_integration: false,
    },
    logging: { log_file: '', log_level: 'info' },
    'remote-commands': {
      enabled: true,
      send_back_limit: 4194304,
      allow: ['^/usr/bin/.*', '^/usr/local/bin/.*', '^C:\\\\Windows\\\\System32\\\\.*'],
      deny: ['(\\||<|>|;|,|\\n|&)'],
      order: ['allow', 'deny'],
    },
    'remote-scripts': { enabled: false },
    monitoring: {
      enabled: true,
      interval: seconds(60),
      fs_type_include: ['ext3', 'ext4', 'xfs', 'jfs', 'ntfs', 'btrfs', 'hfs', 'apfs', 'exfat', 'smbfs', 'nfs'],
      fs_path_exclude: [],
      fs_path_exclude_recurse: false,
      fs_identify_mountpoints_by_device: true,
      pm_enabled: true,
      pm_kerneltasks_enabled: true,
      pm_max_number_processes: 500,
      net_lan: null,
      net_wan: null,
    },
    'interpreter-aliases': {},
    'file-reception': { enabled: true, protected: [...DEFAULT_PROTECTED_PATHS[platform]] },
    // The supervisor's defaults (main/watchdog/watchdog-policy.ts): 5 restarts in 10 min, 0.5 s doubling to 30 s.
    watchdog: {
      restart_burst: 5,
      restart_interval: minutes(10),
      restart_backoff_min: 500 * 1e6,
      restart_backoff_max: seconds(30),
    },
  };
}
