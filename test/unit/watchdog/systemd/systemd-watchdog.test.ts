// What `run` tells systemd for which supervisor event, the helper process that sends it (a stand-in
// script here; the real one against a real socket is in test/integration/watchdog/systemd-notify.test.ts),
// and the longest quiet time an external watchdog must allow.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, seconds } from '../../../../main/config/defaults';
import type { ProgressKind } from '../../../../main/shared/types/engine-types';
import { systemdNotifySender, type NotifySender } from '../../../../main/watchdog/systemd/notify-sender';
import { startSystemdWatchdog } from '../../../../main/watchdog/systemd/systemd-watchdog';
import { longestQuietMs } from '../../../../main/watchdog/quiet-time';
import type { SupervisorEvent } from '../../../../main/watchdog/supervisor-types';
import { engineStatus } from '../fake-worker-host';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recorder(): NotifySender & { sent: string[][] } {
  const sent: string[][] = [];
  return { sent, send: async (fields) => void sent.push(fields) };
}

const progress = (kind: ProgressKind, message: string, lastError: string | null = null): SupervisorEvent => ({
  type: 'engine',
  event: { type: 'progress', kind, status: engineStatus({ state: 'connected', message, lastError }), at: 0 },
});

describe('systemd watchdog integration', () => {
  it('READY=1 with the first connection, WATCHDOG=1 on connected/ping/retry only, STOPPING=1 once', async () => {
    const sender = recorder();
    const logs: string[] = [];
    const sd = startSystemdWatchdog({ socket: '/run/systemd/notify', sender, log: (l, m) => logs.push(`${l} ${m}`) });
    expect(logs).toEqual(['debug Using NOTIFY_SOCKET /run/systemd/notify for systemd watchdog integration']);
    sd.observe(progress('started', ''));
    sd.observe(progress('dialing', ''));
    sd.observe(progress('connected', 'Connected to 10.0.0.1:80 within 3ms'));
    sd.observe(progress('ping', 'ping to 10.0.0.1:80 succeeded within 1ms'));
    sd.observe(progress('switchback-probe', ''));
    sd.observe(progress('retry', 'Retrying in 5s...'));
    sd.observe({ type: 'log', line: { at: 0, level: 'info', source: 'x', message: 'y' } });
    await sd.stopping();
    await sd.stopping();
    sd.observe(progress('ping', 'late'));
    expect(sender.sent).toEqual([
      ['READY=1', 'WATCHDOG=1', 'STATUS=Connected to 10.0.0.1:80 within 3ms'],
      ['WATCHDOG=1', 'STATUS=ping to 10.0.0.1:80 succeeded within 1ms'],
      ['WATCHDOG=1', 'STATUS=Retrying in 5s...'],
      ['STOPPING=1', 'STATUS=stopping'],
    ]);
  });

  it('a server down at start: READY=1 with the first retry, so systemd neither holds the boot nor kills it', () => {
    const sender = recorder();
    const sd = startSystemdWatchdog({ socket: '/s', sender, log: () => undefined });
    sd.observe(progress('retry', 'Retrying in 5s...', 'dial tcp 10.0.0.1:80: connect: connection refused'));
    expect(sender.sent[0]).toEqual([
      'READY=1',
      'WATCHDOG=1',
      'STATUS=not connected yet: dial tcp 10.0.0.1:80: connect: connection refused',
    ]);
  });

  it('warns when WatchdogSec is shorter than the longest quiet time of the config', () => {
    const logs: string[] = [];
    startSystemdWatchdog({
      socket: '/s',
      sender: recorder(),
      log: (l, m) => logs.push(`${l} ${m}`),
      watchdogMs: 60_000,
      longestQuietMs: 390_000,
    });
    expect(logs[1]).toMatch(/^warn systemd's WatchdogSec \(60 s\) is shorter than .* \(390 s\)/);
  });
});

describe('systemd-notify sender', () => {
  function fakeHelper(): { binary: string; calls: () => string[] } {
    const dir = mkdtempSync(path.join(tmpdir(), 'sdn-unit-'));
    dirs.push(dir);
    const log = path.join(dir, 'calls');
    const binary = path.join(dir, 'systemd-notify');
    writeFileSync(binary, `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> "${log}"\nsleep 0.1\n`);
    chmodSync(binary, 0o755);
    return { binary, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
  }

  it('hands each message to the helper in order with NOTIFY_SOCKET; a WATCHDOG=1 waiting is not sent twice', async () => {
    const helper = fakeHelper();
    const sender = systemdNotifySender({ socket: '@notify', binary: helper.binary });
    void sender.send(['READY=1', 'WATCHDOG=1', 'STATUS=a']);
    void sender.send(['WATCHDOG=1', 'STATUS=b']);
    void sender.send(['WATCHDOG=1', 'STATUS=c']);
    await sender.send(['STOPPING=1']);
    expect(helper.calls()).toEqual([
      '@notify READY=1 WATCHDOG=1 STATUS=a',
      '@notify WATCHDOG=1 STATUS=c',
      '@notify STOPPING=1',
    ]);
  });

  it('says once, clearly, when there is no systemd-notify', async () => {
    const errors: string[] = [];
    const sender = systemdNotifySender({
      socket: '/s',
      binary: '/nonexistent/systemd-notify',
      onError: (m) => errors.push(m),
    });
    await sender.send(['READY=1']);
    await sender.send(['WATCHDOG=1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^NOTIFY_SOCKET is set but \/nonexistent\/systemd-notify was not found/);
  });
});

describe('longest quiet time', () => {
  const timing = { dialTimeoutMs: 30_000, handshakeReplyTimeoutMs: 30_000, keepAliveExtraMs: 5_000 };
  it('is the longer of a keep-alive period and a retry wait plus a round of dials', () => {
    const c = defaultConfig('/tmp/x');
    c.connection.keep_alive = seconds(180);
    c.connection.keep_alive_timeout = seconds(30);
    c.connection.max_retry_interval = seconds(180);
    expect(longestQuietMs(c, timing)).toBe(240_000); // 180 + 30 + 30 > 180 + 5 + 30
    c.client.fallback_servers = ['a:1', 'b:2'];
    expect(longestQuietMs(c, timing)).toBe(300_000);
    c.connection.keep_alive = 0;
    expect(longestQuietMs(c, timing)).toBeNull();
  });

  it('adds every part of a keep-alive period: keep_alive, the extra jitter and keep_alive_timeout', () => {
    const c = defaultConfig('/tmp/x');
    c.connection.keep_alive = seconds(100);
    c.connection.keep_alive_timeout = seconds(20);
    c.connection.max_retry_interval = seconds(1);
    expect(longestQuietMs(c, { dialTimeoutMs: 1_000, handshakeReplyTimeoutMs: 1_000, keepAliveExtraMs: 7_000 })).toBe(
      127_000,
    );
    c.connection.keep_alive = 1e6;
    expect(longestQuietMs(c, { dialTimeoutMs: 1_000, handshakeReplyTimeoutMs: 1_000, keepAliveExtraMs: 0 })).toBe(
      20_001,
    );
  });
});

describe('where the systemd integration is loaded', () => {
  it('only by the CLI run command (dynamically), never by the desktop app or the shared run composition', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const users: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts') && !file.includes(`${path.sep}systemd${path.sep}`)) {
          if (/watchdog\/systemd\//.test(readFileSync(file, 'utf8'))) users.push(path.relative('main', file));
        }
      }
    };
    walk('main');
    expect(users).toEqual([path.join('cli', 'commands', 'run.ts')]);
  });
});
