import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationGate } from '../../../main/electron/notifications/notification-gate';
import { NotificationController } from '../../../main/electron/notifications/notification-controller';
import { noticesForTransition, type DesktopNotice } from '../../../main/electron/notifications/desktop-notices';
import type { TrayState } from '../../../main/electron/tray/tray-state';
import type { RemoteActivity } from '../../../main/shared/types/engine-types';
import { snapshotFor } from './tray-fixtures';

const kinds = (from: TrayState, to: TrayState) =>
  noticesForTransition(snapshotFor(from), snapshotFor(to)).map((n) => n.kind);

describe('which transitions notify', () => {
  it('names connected, lost, failover, switchback and failed', () => {
    expect(kinds('starting', 'connected-primary')).toEqual(['connected']);
    expect(kinds('reconnecting', 'connected-primary')).toEqual(['connected']);
    expect(kinds('connected-primary', 'reconnecting')).toEqual(['lost']);
    expect(kinds('connected-fallback', 'reconnecting')).toEqual(['lost']);
    expect(kinds('reconnecting', 'connected-fallback')).toEqual(['failover']);
    expect(kinds('connected-primary', 'connected-fallback')).toEqual(['failover']);
    expect(kinds('connected-fallback', 'connected-primary')).toEqual(['switchback']);
    expect(kinds('reconnecting', 'failed')).toEqual(['failed']);
  });

  it('stays quiet when nothing a person cares about changed', () => {
    expect(kinds('connected-primary', 'connected-primary')).toEqual([]);
    expect(kinds('reconnecting', 'reconnecting')).toEqual([]);
    expect(kinds('starting', 'reconnecting')).toEqual([]);
    expect(kinds('connected-primary', 'paused')).toEqual([]);
    expect(kinds('failed', 'failed')).toEqual([]);
  });

  it('says which server and why', () => {
    const [lost] = noticesForTransition(snapshotFor('connected-primary'), snapshotFor('reconnecting'));
    expect(lost!.body).toContain('dial tcp: refused');
    const [fallback] = noticesForTransition(snapshotFor('reconnecting'), snapshotFor('connected-fallback'));
    expect(fallback!.body).toContain('backup.example.net (fallback 1)');
  });
});

describe('NotificationGate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const notice = (key: string, kind: DesktopNotice['kind'] = 'connected'): DesktopNotice => ({
    kind,
    title: key,
    body: '',
    key,
  });
  const setup = (state = { enabled: true, focused: false }) => {
    const shown: string[] = [];
    const suppressed: Array<[string, string]> = [];
    const gate = new NotificationGate({
      show: (n) => shown.push(n.key),
      enabled: () => state.enabled,
      windowFocused: () => state.focused,
      suppressed: (n, reason) => suppressed.push([n.key, reason]),
      throttleMs: 1000,
      dedupeMs: 60_000,
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        now: () => Date.now(),
      },
    });
    return { gate, shown, suppressed, state };
  };

  it('shows the first notice at once and only the latest of a burst after the throttle', () => {
    const { gate, shown, suppressed } = setup();
    gate.offer(notice('connected'));
    gate.offer(notice('lost'));
    gate.offer(notice('failover:1'));
    expect(shown).toEqual(['connected']);
    vi.advanceTimersByTime(1000);
    expect(shown).toEqual(['connected', 'failover:1']);
    expect(suppressed).toEqual([['lost', 'superseded']]);
  });

  it('never lets one kind of news stand in for another: a connection change waits beside a remote command', () => {
    const { gate, shown, suppressed } = setup();
    gate.offer(notice('connected'));
    gate.offer(notice('activity:a1', 'remote-command'));
    gate.offer(notice('lost'));
    gate.offer(notice('config:1', 'config-problem'));
    vi.advanceTimersByTime(1000);
    expect(shown.sort()).toEqual(['activity:a1', 'config:1', 'connected', 'lost']);
    expect(suppressed).toEqual([]);
  });

  it('counts every remote action of a burst in one notice that opens the Activity view', () => {
    const seen: DesktopNotice[] = [];
    const gate = new NotificationGate({
      show: (n) => seen.push(n),
      enabled: () => true,
      windowFocused: () => false,
      throttleMs: 1000,
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        now: () => Date.now(),
      },
    });
    const remote = (id: string, summary: string): DesktopNotice => ({
      kind: 'remote-command',
      title: 'The server ran a remote command',
      body: summary,
      key: `activity:${id}`,
      view: 'activity',
    });
    gate.offer(remote('a1', 'uptime'));
    gate.offer(remote('a2', 'id'));
    gate.offer({ ...remote('u1', '/tmp/x.txt'), kind: 'remote-upload', title: 'The server sent a file' });
    gate.offer(remote('a3', 'whoami'));
    vi.advanceTimersByTime(1000);
    expect(seen.map((n) => [n.title, n.body, n.view])).toEqual([
      ['The server ran a remote command', 'uptime', 'activity'],
      ['The server asked for 3 remote actions', 'Latest: The server ran a remote command: whoami', 'activity'],
    ]);
  });

  it('deduplicates the same notice inside the window and shows it again after', () => {
    const { gate, shown, suppressed } = setup();
    gate.offer(notice('lost'));
    vi.advanceTimersByTime(5000);
    gate.offer(notice('lost'));
    expect(shown).toEqual(['lost']);
    expect(suppressed).toEqual([['lost', 'duplicate']]);
    vi.advanceTimersByTime(60_000);
    gate.offer(notice('lost'));
    expect(shown).toEqual(['lost', 'lost']);
  });

  it('is silent when the preference is off or the window has focus, including for a queued notice', () => {
    const { gate, shown, suppressed, state } = setup({ enabled: false, focused: false });
    gate.offer(notice('connected'));
    state.enabled = true;
    state.focused = true;
    gate.offer(notice('lost'));
    expect(shown).toEqual([]);
    state.focused = false;
    gate.offer(notice('failed'));
    gate.offer(notice('switchback'));
    state.focused = true;
    vi.advanceTimersByTime(1000);
    expect(shown).toEqual(['failed']);
    expect(suppressed.map((s) => s[1])).toEqual(['preference', 'window-focused', 'window-focused']);
    gate.dispose();
  });
});

describe('NotificationController', () => {
  it('compares each snapshot with the last one and announces each remote activity once', () => {
    const offered: DesktopNotice[] = [];
    const controller = new NotificationController({ offer: (n) => offered.push(n) });
    controller.onSnapshot(snapshotFor('starting'));
    controller.onSnapshot(snapshotFor('connected-primary'));
    controller.onSnapshot(snapshotFor('connected-primary'));
    controller.onSnapshot(snapshotFor('reconnecting'));
    const activity: RemoteActivity = {
      id: 'a1',
      kind: 'command',
      at: 1,
      summary: 'uptime',
      outcome: 'running',
      detail: null,
    };
    controller.onActivity(activity);
    controller.onActivity({ ...activity, outcome: 'successful' });
    controller.onActivity({ ...activity, id: 'u1', kind: 'upload', summary: '/tmp/x.txt', outcome: 'refused' });
    controller.onRestart({ at: 5, text: 'Watchdog restarted the engine: no progress for 47 s' });
    expect(offered.map((n) => [n.kind, n.title])).toEqual([
      ['connected', 'Connected'],
      ['lost', 'Connection lost'],
      ['remote-command', 'The server ran a remote command'],
      ['remote-upload', 'Refused a file upload'],
      ['watchdog-restart', 'Engine restarted'],
    ]);
    expect(offered[2]!.body).toBe('uptime');
    // A click shows the list of what the server did.
    expect(offered[2]!.view).toBe('activity');
    expect(offered[4]!.body).toBe('Watchdog restarted the engine: no progress for 47 s.');
  });
});

describe('notification preferences', () => {
  it('maps remote activity and config problems to their own switches and everything else to connection', async () => {
    const { preferenceFor } = await import('../../../main/electron/notifications/desktop-notices');
    expect(preferenceFor('config-problem')).toBe('configProblems');
    expect(preferenceFor('remote-command')).toBe('remoteActivity');
    expect(preferenceFor('remote-upload')).toBe('remoteActivity');
    for (const kind of ['connected', 'lost', 'failover', 'switchback', 'watchdog-restart', 'failed'] as const) {
      expect(preferenceFor(kind)).toBe('connection');
    }
  });
});

describe('config problem notices', () => {
  it('announces each new broken edit once, with its line, opening the Config view; not its clearing', () => {
    const offered: DesktopNotice[] = [];
    const controller = new NotificationController({ offer: (n) => offered.push(n) });
    const issue = {
      message: 'line 7: connection.keep_alive: bad',
      file: '/c/rport.conf',
      line: 7,
      errorCount: 2,
      at: 100,
    };
    controller.onConfigIssue(null);
    controller.onConfigIssue(issue);
    // Every later status carries the same issue: still one notice.
    controller.onConfigIssue(issue);
    controller.onConfigIssue(null);
    controller.onConfigIssue({ ...issue, at: 200, errorCount: 1 });
    expect(offered.map((n) => [n.kind, n.title, n.view])).toEqual([
      ['config-problem', 'rport.conf has errors', 'config'],
      ['config-problem', 'rport.conf has errors', 'config'],
    ]);
    expect(offered[0]!.body).toBe(
      'line 7: connection.keep_alive: bad (and 1 more). The last good config keeps running.',
    );
  });
});
