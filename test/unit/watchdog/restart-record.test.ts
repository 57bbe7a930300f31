import { describe, expect, it } from 'vitest';
import { describeRestartReason, seconds } from '../../../main/watchdog/restart-record';

describe('describeRestartReason', () => {
  it('says how long the engine was silent, in which state, against which deadline', () => {
    expect(describeRestartReason({ kind: 'stale', state: 'connected', silentForMs: 47_200, deadlineMs: 45_000 })).toBe(
      'no progress for 47 s while connected (deadline 45 s)',
    );
    expect(describeRestartReason({ kind: 'stale', state: 'starting', silentForMs: 3_440, deadlineMs: 3_000 })).toBe(
      'no progress for 3.4 s while starting (deadline 3 s)',
    );
  });

  it('names the exit code or the signal, and the fatal message if there was one', () => {
    expect(describeRestartReason({ kind: 'exit', code: 70, signal: null })).toBe('worker exited with code 70');
    expect(describeRestartReason({ kind: 'exit', code: null, signal: 'SIGSEGV' })).toBe(
      'worker was killed by signal SIGSEGV',
    );
    expect(describeRestartReason({ kind: 'exit', code: 1, signal: null, message: 'boom' })).toBe(
      'worker exited with code 1: boom',
    );
  });

  it('names spawn errors and requested restarts', () => {
    expect(describeRestartReason({ kind: 'spawn-error', message: 'spawn ENOENT' })).toBe(
      'worker could not be started: spawn ENOENT',
    );
    expect(describeRestartReason({ kind: 'requested' })).toBe('restart requested');
  });

  it('says why a watched service was restarted, and why a restart was asked for', () => {
    expect(
      describeRestartReason({
        kind: 'service-stale',
        state: 'reconnecting',
        silentForMs: 612_000,
        deadlineMs: 430_000,
      }),
    ).toBe('state.json not updated for 612 s while reconnecting (deadline 430 s)');
    expect(describeRestartReason({ kind: 'service-stopped', detail: 'systemctl: failed (failed)' })).toBe(
      'the service was not running (systemctl: failed (failed))',
    );
    expect(describeRestartReason({ kind: 'requested', why: 'the effective config changed' })).toBe(
      'restart requested: the effective config changed',
    );
  });

  it('says "?" for an exit with neither code nor signal; rounds to tenths below 10 s, whole seconds from 10 s', () => {
    expect(describeRestartReason({ kind: 'exit', code: null, signal: null })).toBe('worker exited with code ?');
    expect(seconds(9_940)).toBe('9.9 s');
    expect(seconds(9_960)).toBe('10 s');
    expect(seconds(10_000)).toBe('10 s');
    expect(seconds(10_400)).toBe('10 s');
    expect(seconds(10_600)).toBe('11 s');
    expect(seconds(3_449)).toBe('3.4 s');
  });
});
