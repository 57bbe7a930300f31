import { describe, expect, it } from 'vitest';
import { workerMemoryEnv } from '../../../main/watchdog/worker-memory-env';

describe('the engine worker environment', () => {
  it('holds glibc malloc to two arenas and keeps everything else', () => {
    const env = { PATH: '/usr/bin', RPORT_TRAY_X: '1' };
    expect(workerMemoryEnv(env)).toEqual({ PATH: '/usr/bin', RPORT_TRAY_X: '1', MALLOC_ARENA_MAX: '2' });
    expect(env).not.toHaveProperty('MALLOC_ARENA_MAX');
  });

  it('keeps a value the user set', () => {
    expect(workerMemoryEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
  });
});
