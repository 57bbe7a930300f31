// Comments cite the protocol notes by section (`docs/protocol.md §4.4`); every cited section must exist,
// so renumbering the notes or citing a document outside the repository fails here instead of leaving
// readers with a dead reference.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const sourceFiles = execFileSync(
  'git',
  [
    'ls-files',
    '--cached',
    '--others',
    '--exclude-standard',
    'main',
    'test',
    'bench',
    'scripts',
    'preload',
    'renderer',
    'build',
  ],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => /\.(ts|tsx|mjs|cjs|js)$/.test(file));

const sections = new Set(
  [...readFileSync('docs/protocol.md', 'utf8').matchAll(/^#{2,4}\s+(?:Appendix\s+)?([0-9A-Z][0-9.]*)/gm)].map((m) =>
    (m[1] ?? '').replace(/\.$/, ''),
  ),
);

describe('documents cited in comments', () => {
  it('finds the protocol notes with their numbered sections', () => {
    expect(sections.has('1.1')).toBe(true);
    expect(sections.has('6.6.1')).toBe(true);
    expect(sourceFiles.length).toBeGreaterThan(100);
  });

  it('cites only sections of docs/protocol.md that exist', () => {
    const dead: string[] = [];
    for (const file of sourceFiles) {
      const text = readFileSync(file, 'utf8');
      for (const citation of text.matchAll(/docs\/protocol\.md((?:[ ,]*(?:§[0-9.]+[0-9]|and|–))*)/g)) {
        for (const section of (citation[1] ?? '').matchAll(/§([0-9.]*[0-9])/g)) {
          if (!sections.has(section[1] ?? '')) dead.push(`${file}: §${section[1]}`);
        }
      }
    }
    expect(dead).toEqual([]);
  });

  it('cites no document that lives outside the repository', () => {
    const outside = /rport-protocol\.md|electron-here\.md|shared\/docs\/|seeds\/[\w-]+\.md/;
    expect(sourceFiles.filter((file) => outside.test(readFileSync(file, 'utf8')))).toEqual([]);
  });
});
