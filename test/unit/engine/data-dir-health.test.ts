// A data_dir problem is a condition with a start, an end and (rarely) a change, not one report per write.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirHealth, describeFsError } from '../../../main/engine/data-dir-health';
import { tempDir } from '../../support/engine/engine-harness';

describe('DataDirHealth', () => {
  it('reports a problem once when it starts, not again while it goes on, and once when it clears', () => {
    const health = new DataDirHealth();
    expect(health.problem).toBeNull();
    expect(health.succeeded('write')).toBeNull();
    expect(health.failed('write', 'disk full')).toEqual({ kind: 'started', problem: 'disk full' });
    for (let i = 0; i < 5; i++) expect(health.failed('write', 'disk full')).toBeNull();
    expect(health.problem).toBe('disk full');
    expect(health.succeeded('write')).toEqual({ kind: 'cleared', previous: 'disk full' });
    expect(health.succeeded('write')).toBeNull();
    expect(health.problem).toBeNull();
  });

  it('reports a different problem as a change', () => {
    const health = new DataDirHealth();
    health.failed('create', 'cannot create');
    expect(health.failed('write', 'disk full')).toEqual({ kind: 'changed', problem: 'disk full' });
    expect(health.problem).toBe('disk full');
  });

  it('lets a created directory end only a creation problem: a full disk still has its directories', () => {
    const health = new DataDirHealth();
    health.failed('write', 'disk full');
    expect(health.succeeded('create')).toBeNull();
    expect(health.problem).toBe('disk full');
    health.failed('create', 'not a directory');
    expect(health.succeeded('create')).toEqual({ kind: 'cleared', previous: 'not a directory' });
  });
});

describe('describeFsError', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => dir?.remove());

  it('keeps the code and description and drops the path, so every write of one problem reads the same', async () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'file');
    await writeFile(file, 'x');
    const texts = await Promise.all(
      ['a.tmp', 'b.tmp'].map((name) =>
        writeFile(path.join(file, name), 'x').then(
          () => 'written',
          (error: Error) => describeFsError(error),
        ),
      ),
    );
    expect(texts).toEqual(['ENOTDIR: not a directory', 'ENOTDIR: not a directory']);
    const mkdirText = await mkdir(path.join(file, 'sub'), { recursive: true }).then(
      () => 'created',
      (error: Error) => describeFsError(error),
    );
    expect(mkdirText).toBe('ENOTDIR: not a directory');
  });

  it('leaves messages without a path alone and prefixes a code the message lacks', () => {
    expect(describeFsError(new Error('plain failure'))).toBe('plain failure');
    const coded = Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    expect(describeFsError(coded)).toBe('ENOSPC: no space left');
  });
});
