// A failed start: the engine it already built stopped, the tray removed, the log written and closed,
// then the error dialog (what failed, where the log is), the single-instance lock released and exit 1.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import { failStart, failureText } from '../../../../main/electron/startup/start-failure';
import { StartupFailure } from '../../../../main/electron/startup/startup-steps';
import { fakeSink } from '../../run/fake-log-sink';

function apis() {
  const calls: string[] = [];
  return {
    calls,
    e: {
      app: {
        releaseSingleInstanceLock: vi.fn(() => void calls.push('release')),
        exit: vi.fn((code?: number) => void calls.push(`exit ${code}`)),
      },
      dialog: { showErrorBox: vi.fn((title: string) => void calls.push(`dialog ${title}`)) },
    },
  };
}

describe('failStart', () => {
  it('stops what started, says what failed and where the log is, releases the lock and exits 1', async () => {
    const { e, calls } = apis();
    const state = new DesktopState();
    const log = fakeSink('/data');
    state.sink = log.sink;
    const stop = vi.fn(async () => void calls.push('engine stopped'));
    state.engine = {
      core: {} as never,
      start: vi.fn(),
      stop,
      setRemoteCommandsBlocked: vi.fn(),
      onSystemResume: vi.fn(),
    };
    const dispose = vi.fn(() => void calls.push('tray gone'));
    state.tray = { update: vi.fn(), dispose };

    await failStart(e, state, new StartupFailure('creating the tray icon', new Error('no tray here')));
    expect(calls).toEqual(['engine stopped', 'tray gone', 'dialog RPort Tray could not start', 'release', 'exit 1']);
    expect(e.dialog.showErrorBox).toHaveBeenCalledWith(
      'RPort Tray could not start',
      'Creating the tray icon failed: no tray here\n\nThe log is in /data/logs.',
    );
    expect(log.lines[0]).toMatchObject({ level: 'error', source: 'desktop' });
    expect(log.lines[0]!.message).toMatch(
      /^the app could not start: creating the tray icon failed: Error: no tray here/,
    );
    expect(log.sink.close).toHaveBeenCalled();
    expect(state.quitting).toBe(true);
  });

  it('still exits when stopping the engine fails', async () => {
    const { e } = apis();
    const state = new DesktopState();
    state.sink = fakeSink().sink;
    state.engine = {
      core: {} as never,
      start: vi.fn(),
      stop: vi.fn(async () => {
        throw new Error('worker stuck');
      }),
      setRemoteCommandsBlocked: vi.fn(),
      onSystemResume: vi.fn(),
    };
    await failStart(e, state, new StartupFailure('starting the engine', new Error('x')));
    expect(e.app.exit).toHaveBeenCalledWith(1);
  });
});

describe('failureText', () => {
  it('names the step and the log folder, or says there is no log', () => {
    const failure = new StartupFailure('opening the preferences', new Error('EACCES'));
    expect(failureText(failure, '/d/logs')).toBe('Opening the preferences failed: EACCES\n\nThe log is in /d/logs.');
    expect(failureText(failure, null)).toMatch(/No log file could be opened: start the app from a terminal/);
  });
});

describe('failStart when cleaning up fails too', () => {
  it('still shows the dialog, releases the lock and exits', async () => {
    const { e } = apis();
    const state = new DesktopState();
    state.tray = {
      update: vi.fn(),
      dispose: () => {
        throw new Error('tray already gone');
      },
    };
    await expect(failStart(e, state, new StartupFailure('starting the engine', new Error('x')))).rejects.toThrow(
      'tray already gone',
    );
    expect(e.dialog.showErrorBox).toHaveBeenCalled();
    expect(e.app.releaseSingleInstanceLock).toHaveBeenCalled();
    expect(e.app.exit).toHaveBeenCalledWith(1);
  });
});
