import { describe, expect, it } from 'vitest';
import { cpuPercentages, parseProcStatCpu } from '../../../../main/engine/remote/monitoring/cpu-usage';
import { parseMeminfo } from '../../../../main/engine/remote/monitoring/memory-usage';
import {
  parseDarwinMount,
  parseProcMounts,
  parseWindowsDisks,
  selectMounts,
} from '../../../../main/engine/remote/monitoring/mountpoints';
import { netRate, parseProcNetDev } from '../../../../main/engine/remote/monitoring/network-rates';
import {
  parseProcPidStat,
  procStateName,
  parsePs,
  parsePsTime,
  selectProcesses,
} from '../../../../main/engine/remote/monitoring/processes';
import { measurementPayload, type Measurement } from '../../../../main/engine/remote/monitoring/measurement';
import { defaultConfig } from '../../../../main/config/defaults';

const monitoring = defaultConfig('/tmp/x', 'linux').monitoring;

describe('CPU and I/O wait', () => {
  it('computes percentages from two /proc/stat samples', () => {
    const a = parseProcStatCpu('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3\n');
    const b = parseProcStatCpu('cpu  150 0 150 800 200 0 0 0 0 0\n');
    // delta: total 300, idle 100, iowait 100 → busy 100/300, io 100/300.
    expect(cpuPercentages(a, b)).toEqual({ cpu: 33.33, io: 33.33 });
  });
});

describe('memory', () => {
  it('computes used memory as rport 0.9.13’s gopsutil does: total - free - buffers - cached', () => {
    const meminfo =
      'MemTotal:       1000 kB\nMemFree:  100 kB\nMemAvailable:    250 kB\nBuffers:  50 kB\nCached:  200 kB\n';
    // Not (total - MemAvailable) / total = 75 %, as later gopsutil versions compute it.
    expect(parseMeminfo(meminfo)).toEqual({ totalBytes: 1_024_000, usedPercent: 65 });
  });
});

describe('mountpoints', () => {
  const mounts = parseProcMounts(
    [
      '/dev/sda1 / ext4 rw 0 0',
      'proc /proc proc rw 0 0',
      '/dev/sda1 /var/lib/docker ext4 rw 0 0',
      '/dev/sdb1 /mnt/my\\040data xfs rw 0 0',
      '/dev/sdc1 /srv/backup btrfs rw 0 0',
      'server:/export /net/share nfs rw 0 0',
    ].join('\n'),
  );
  it('unescapes /proc/self/mounts and filters types, devices and excluded paths', () => {
    expect(mounts[3]?.mountpoint).toBe('/mnt/my data');
    const chosen = selectMounts(mounts, { ...monitoring, fs_path_exclude: ['/srv/*'] }).map((m) => m.mountpoint);
    expect(chosen).toEqual(['/', '/mnt/my data', '/net/share']);
  });
  it('lists every mount of a device when not identifying by device, and excludes by prefix with recurse', () => {
    const chosen = selectMounts(mounts, {
      ...monitoring,
      fs_identify_mountpoints_by_device: false,
      fs_path_exclude: ['/mnt'],
      fs_path_exclude_recurse: true,
    }).map((m) => m.mountpoint);
    expect(chosen).toEqual(['/', '/var/lib/docker', '/srv/backup', '/net/share']);
  });
  it('parses macOS mount and Windows disk JSON', () => {
    expect(
      parseDarwinMount(
        '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\nmap auto_home on /System/Volumes/Data/home (autofs, automounted)',
      ),
    ).toEqual([
      { device: '/dev/disk3s1s1', mountpoint: '/', fstype: 'apfs' },
      { device: 'map auto_home', mountpoint: '/System/Volumes/Data/home', fstype: 'autofs' },
    ]);
    expect(parseWindowsDisks('{"DeviceID":"C:","FileSystem":"NTFS","Size":100,"FreeSpace":40}')).toHaveLength(1);
  });
});

describe('processes', () => {
  it('parses /proc/<pid>/stat with spaces and parentheses in comm', () => {
    const stat =
      '1234 (my (odd) proc) S 1 1234 1234 0 -1 4194304 10 0 0 0 250 50 0 0 20 0 1 0 100 8192000 300 18446744073709551615';
    expect(parseProcPidStat(Buffer.from(stat))).toEqual({
      comm: 'my (odd) proc',
      state: 'sleeping',
      ppid: 1,
      pgrp: 1234,
      utime: 250,
      stime: 50,
      vsize: 8192000,
      rssPages: 300,
    });
    expect(parseProcPidStat(Buffer.from('1234 no comm S 1'))).toBeNull();
    // Only `length` bytes count (the read buffer is reused), and a line may end in a newline.
    const reused = Buffer.from(`${stat.replace('S 1 ', 'Z -1 ')}\n${'9'.repeat(40)}`);
    expect(parseProcPidStat(reused, stat.length + 1)).toMatchObject({ state: 'zombie', ppid: -1, rssPages: 300 });
  });
  it('names a state letter as /proc/<pid>/status does', () => {
    expect(['R', 'S', 'D', 'T', 't', 'Z', 'X', 'I', 'P'].map(procStateName)).toEqual([
      'running',
      'sleeping',
      'disk sleep',
      'stopped',
      'tracing stop',
      'zombie',
      'dead',
      'idle',
      'parked',
    ]);
    expect(procStateName('W')).toBe('paging');
    expect(procStateName('?')).toBe('unknown(?)');
  });
  it('parses ps output and its TIME column', () => {
    const procs = parsePs(
      '  1     0     1 Ss     2048  409600  0:01.50 /sbin/launchd\n 42     1    42 R      1024  204800 1-02:03:04 /usr/bin/top -l 1\n',
      1024 * 1024 * 1024,
    );
    expect(procs[1]).toMatchObject({
      pid: 42,
      parent_pid: 1,
      name: 'top',
      cmdline: '/usr/bin/top -l 1',
      state: 'running',
      rss: 1024 * 1024,
    });
    expect(parsePsTime('1-02:03:04')).toBe(93784);
  });
  it('orders by PID descending, drops kernel tasks when asked, caps the count and computes CPU%', () => {
    const raw = [1, 2, 300, 400].map((pid) => ({
      pid,
      parent_pid: pid === 2 ? 0 : 1,
      groupId: pid,
      name: `p${pid}`,
      cmdline: '',
      state: 'sleeping',
      rss: 0,
      vms: 0,
      memory_usage_percent: 0,
      cpuSeconds: 10,
    }));
    const previous = new Map([[400, 5]]);
    const chosen = selectProcesses(raw, { maxCount: 3, kernelTasks: false, previous, elapsedSeconds: 10 });
    expect(chosen.map((p) => p.pid)).toEqual([400, 300, 1]);
    expect(chosen[0]?.cpu_avg_usage_percent).toBe(50);
    expect(chosen[1]).not.toHaveProperty('cpu_avg_usage_percent');
  });
});

describe('network rates', () => {
  it('parses /proc/net/dev and rounds rates up', () => {
    const a = parseProcNetDev('Inter-|   Receive\n face |bytes\n  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n');
    const b = parseProcNetDev('  eth0: 1501 10 0 0 0 0 0 0 2999 20 0 0 0 0 0 0\n');
    expect(netRate(a.get('eth0'), b.get('eth0'), 2)).toEqual({ in: 251, out: 500 });
    expect(netRate(undefined, b.get('eth0'), 2)).toEqual({ in: 0, out: 0 });
  });
});

describe('measurement budget', () => {
  it('drops the oldest processes until the payload fits', () => {
    const processes = Array.from({ length: 2000 }, (_, i) => ({ pid: 2000 - i, name: 'x'.repeat(200) }));
    const measurement: Measurement = {
      client_id: '',
      timestamp: '2024-01-01T00:00:00Z',
      cpu_usage_percent: 1,
      memory_usage_percent: 2,
      io_usage_percent: 0,
      processes: JSON.stringify(processes),
      mountpoints: '{}',
      net_lan: null,
      net_wan: null,
    };
    const payload = measurementPayload(measurement, 100_000);
    expect(payload.length).toBeLessThanOrEqual(100_000);
    const fitted = JSON.parse(payload.toString()) as Measurement;
    expect(fitted).toMatchObject({ cpu_usage_percent: 1, memory_usage_percent: 2, mountpoints: '{}' });
    const kept = JSON.parse(fitted.processes) as { pid: number }[];
    expect(kept[0]?.pid).toBe(2000);
    expect(kept.length).toBeGreaterThan(100);
    const small = { ...measurement, processes: JSON.stringify(processes.slice(0, 3)) };
    expect(measurementPayload(small, 100_000).toString()).toBe(JSON.stringify(small));
  });
});
