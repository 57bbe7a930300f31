// The status file other processes read: atomic writes, a clear error for a file that is not ours, the
// report people read, and the writer that keeps it current from supervisor events.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  processAlive,
  readStatusFile,
  STATUS_FILE_NAME,
  StatusFileError,
  writeStatusFile,
  type StatusFileContent,
} from '../../../main/watchdog/status-file';
import { startStatusFileWriter } from '../../../main/watchdog/status-file-writer';
import { formatStatusReport, statusReport } from '../../../main/watchdog/status-report';
import type { Supervisor, SupervisorEvent, SupervisorStatus } from '../../../main/watchdog/supervisor-types';
import { engineStatus } from './fake-worker-host';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-status-'));
  dirs.push(dir);
  return dir;
};

const AT = Date.UTC(2026, 0, 1, 12, 0, 0);

function supervisorStatus(partial: Partial<SupervisorStatus> = {}): SupervisorStatus {
  return {
    phase: 'running',
    workerPid: 4321,
    failedReason: null,
    restarts: [
      {
        at: AT - 60_000,
        reason: { kind: 'stale', state: 'connected', silentForMs: 47_000, deadlineMs: 45_000 },
        text: 'no progress for 47 s while connected (deadline 45 s)',
        count: 1,
      },
    ],
    nextRestartAt: null,
    engine: engineStatus({
      state: 'connected',
      message: 'ping to 10.0.0.1:8080 succeeded within 3.2ms',
      server: { index: 0, url: 'ws://rport.example:8080', role: 'primary' },
    }),
    lastProgressAt: AT - 1_000,
    deadlineMs: 45_000,
    graceUntil: null,
    restartCount: 1,
    ...partial,
  };
}

function content(dataDir: string, partial: Partial<SupervisorStatus> = {}): StatusFileContent {
  return {
    version: 1,
    writtenAt: AT,
    supervisorPid: 1234,
    configPath: '/etc/rport.conf',
    dataDir,
    logFile: path.join(dataDir, 'logs', 'rport-tray.log'),
    supervisor: supervisorStatus(partial),
  };
}

describe('status file', () => {
  it('round-trips, leaving no temp file behind', () => {
    const dir = tempDir();
    writeStatusFile(content(dir));
    writeStatusFile(content(dir, { phase: 'restarting' }));
    expect(readdirSync(dir)).toEqual([STATUS_FILE_NAME]);
    expect(readStatusFile(dir)?.supervisor.phase).toBe('restarting');
  });

  it('is null when missing, and a clear error when it is not ours', () => {
    const dir = tempDir();
    expect(readStatusFile(dir)).toBeNull();
    writeFileSync(path.join(dir, STATUS_FILE_NAME), '{"version": 7}');
    expect(() => readStatusFile(dir)).toThrow(StatusFileError);
    expect(() => readStatusFile(dir)).toThrow(/not an RPort Tray status file of version 1/);
    writeFileSync(path.join(dir, STATUS_FILE_NAME), '{');
    expect(() => readStatusFile(dir)).toThrow(/not JSON/);
  });

  it('processAlive tells a live pid from a gone one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe('status report', () => {
  it('shows state, server, worker pid and the restart record of a running supervisor', () => {
    const report = statusReport(content('/data'), true, {
      liveLogFile: '/data/logs/rport-tray.current.log',
      webUi: 'http://127.0.0.1:8421/',
    });
    expect(report.state).toBe('connected');
    expect(formatStatusReport(report, AT + 3_000)).toBe(
      [
        'RPort Tray status (/data)',
        '  running:     yes (supervisor pid 1234, updated 3 s ago)',
        '  state:       connected (ping to 10.0.0.1:8080 succeeded within 3.2ms)',
        '  phase:       running',
        '  server:      ws://rport.example:8080 (primary)',
        '  worker pid:  4321',
        '  restarts:    1 in total',
        '    2026-01-01T11:59:00.000Z  no progress for 47 s while connected (deadline 45 s)  (1 in the budget window)',
        '  web UI:      http://127.0.0.1:8421/ (rport-tray ui-link prints a link that opens it)',
        '  log file:    /data/logs/rport-tray.current.log',
        '  config:      /etc/rport.conf',
        '',
      ].join('\n'),
    );
  });

  it('names the numbered files when none is written yet, and no web UI for a supervisor that is gone', () => {
    const text = formatStatusReport(statusReport(content('/data'), false, { webUi: 'http://127.0.0.1:1/' }), AT);
    expect(text).toContain('  log file:    none yet (it will be /data/logs/rport-tray.N.log)\n');
    expect(text).not.toContain('web UI');
  });

  it('says failed with the reason, and stopped when the supervisor is gone', () => {
    const failed = statusReport(
      content('/data', { phase: 'failed', workerPid: null, failedReason: 'restarted 5 times …' }),
      true,
    );
    expect(failed.state).toBe('failed');
    expect(formatStatusReport(failed, AT)).toContain('  failed:      restarted 5 times …\n');
    const gone = statusReport(content('/data'), false);
    expect(gone.state).toBe('stopped');
    // Not the connected engine's last ping message beside `stopped`.
    expect(formatStatusReport(gone, AT)).toContain('  state:       stopped\n');
    expect(formatStatusReport(gone, AT)).toContain(
      'running:     no (supervisor pid 1234 is gone; last update 2026-01-01T12:00:00.000Z)',
    );
  });
});

describe('a stale status file', () => {
  it('is marked when a running supervisor has not rewritten it for two refresh periods (and 5 s)', () => {
    const file = { ...content('/data'), refreshMs: 15_000 };
    expect(statusReport(file, true, { now: AT + 35_000 })).toMatchObject({ stale: false, staleReason: null });
    const old = statusReport(file, true, { now: AT + 95_000 });
    expect(old.stale).toBe(true);
    expect(old.staleReason).toBe(
      'the supervisor (pid 1234) runs but has not updated this file for 95 s (it rewrites it every 15 s): ' +
        'this is an old snapshot; check that /data is writable and the disk is not full',
    );
    expect(formatStatusReport(old, AT + 95_000)).toContain(`  STALE:       ${old.staleReason}\n`);
    // A gone supervisor's file is old by nature (`running: no` says so); one without refreshMs is not judged.
    expect(statusReport(file, false, { now: AT + 95_000 }).stale).toBe(false);
    expect(statusReport(content('/data'), true, { now: AT + 3_600_000 }).stale).toBe(false);
  });

  it('the writer rewrites it while nothing changes, and a failed write leaves the old snapshot', () => {
    vi.useFakeTimers({ now: AT });
    const dir = tempDir();
    const supervisor = { status: () => supervisorStatus(), on: () => () => undefined } as unknown as Supervisor;
    const errors: string[] = [];
    const writer = startStatusFileWriter({
      supervisor,
      dataDir: dir,
      configPath: '/c',
      logFile: null,
      refreshMs: 1_000,
      onError: (e) => errors.push(e.message),
    });
    expect(readStatusFile(dir)).toMatchObject({ writtenAt: AT, refreshMs: 1_000 });
    vi.advanceTimersByTime(1_300);
    const refreshed = readStatusFile(dir)?.writtenAt ?? 0;
    expect(refreshed).toBeGreaterThan(AT);
    // The file can no longer be replaced (here: a directory where the temp file goes).
    mkdirSync(path.join(dir, `${STATUS_FILE_NAME}.${process.pid}.tmp`));
    vi.advanceTimersByTime(10_000);
    expect(errors).toHaveLength(1);
    const left = readStatusFile(dir);
    expect(left?.writtenAt).toBe(refreshed);
    expect(statusReport(left as StatusFileContent, true, { now: Date.now() }).stale).toBe(true);
    writer.finish();
  });
});

describe('status file writer', () => {
  it('writes at once, on status events (throttled), and a final time on finish', () => {
    vi.useFakeTimers({ now: AT });
    const dir = tempDir();
    let status = supervisorStatus({ phase: 'starting' });
    let listener: (e: SupervisorEvent) => void = () => undefined;
    const supervisor = {
      status: () => status,
      on: (l: (e: SupervisorEvent) => void) => {
        listener = l;
        return () => (listener = () => undefined);
      },
    } as unknown as Supervisor;
    const writer = startStatusFileWriter({
      supervisor,
      dataDir: dir,
      configPath: '/c',
      logFile: null,
      minIntervalMs: 250,
    });
    expect(readStatusFile(dir)?.supervisor.phase).toBe('starting');
    status = supervisorStatus({ phase: 'running' });
    listener({ type: 'supervisor', status });
    expect(readStatusFile(dir)?.supervisor.phase).toBe('starting');
    vi.advanceTimersByTime(250);
    expect(readStatusFile(dir)?.supervisor.phase).toBe('running');
    // The wall clock set back an hour: the next change is still written within the interval.
    vi.setSystemTime(AT - 3_600_000);
    status = supervisorStatus({ phase: 'restarting' });
    listener({ type: 'supervisor', status });
    vi.advanceTimersByTime(250);
    expect(readStatusFile(dir)?.supervisor.phase).toBe('restarting');
    status = supervisorStatus({ phase: 'stopped', workerPid: null });
    writer.finish();
    expect(readStatusFile(dir)).toMatchObject({ supervisorPid: process.pid, supervisor: { phase: 'stopped' } });
  });
});
