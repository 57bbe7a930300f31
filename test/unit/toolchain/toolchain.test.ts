// The project's own checks as tests, so a type error or a lint error turns CI red like a failing test.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const run = (bin: string, args: string[]) => {
  const r = spawnSync(`node_modules/.bin/${bin}`, args, { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
};

describe('toolchain', () => {
  it('typechecks the main, preload, test and engine code (strict)', { timeout: 300_000 }, () => {
    const r = run('tsc', ['-p', 'tsconfig.json']);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('typechecks the renderer against the DOM and the shared contract', { timeout: 300_000 }, () => {
    const r = run('tsc', ['-p', 'renderer/tsconfig.json']);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes eslint (no any, electron only under main/electron)', { timeout: 300_000 }, () => {
    const r = run('eslint', ['.', '--max-warnings=0']);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('is formatted with prettier', { timeout: 300_000 }, () => {
    const r = run('prettier', ['--check', '.', '--log-level=warn']);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
