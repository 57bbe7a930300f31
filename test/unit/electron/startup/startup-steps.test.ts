// Steps run by name: a throw becomes a StartupFailure naming the step (kept when steps nest), and only
// the steps that finished are listed.
import { describe, expect, it } from 'vitest';
import { asStartupFailure, StartupFailure, StartupSteps } from '../../../../main/electron/startup/startup-steps';

describe('StartupSteps', () => {
  it('lists finished steps and names the one that threw', async () => {
    const steps = new StartupSteps();
    expect(steps.runNow('one', () => 1)).toBe(1);
    expect(await steps.run('two', async () => 2)).toBe(2);
    const failed = steps.run('three', () => {
      throw new Error('broken');
    });
    await expect(failed).rejects.toBeInstanceOf(StartupFailure);
    await expect(failed).rejects.toMatchObject({ step: 'three', message: 'three: broken' });
    expect(() =>
      steps.runNow('four', () => {
        throw new Error('before ready');
      }),
    ).toThrow(expect.objectContaining({ step: 'four' }));
    expect(steps.done).toEqual(['one', 'two']);
  });

  it('keeps the innermost step of nested steps, and names an error from outside any step', async () => {
    const steps = new StartupSteps();
    const nested = steps.run('outer', () =>
      steps.run('inner', () => {
        throw new Error('x');
      }),
    );
    await expect(nested).rejects.toMatchObject({ step: 'inner' });
    expect(asStartupFailure(new Error('y'))).toMatchObject({ step: 'starting' });
    const failure = new StartupFailure('opening the log', 'plain text');
    expect(asStartupFailure(failure)).toBe(failure);
    expect(failure.message).toBe('opening the log: plain text');
  });
});
