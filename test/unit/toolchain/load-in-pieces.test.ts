// bin/load-in-pieces.js loads a CommonJS file as require() does, reading it in 64 KiB pieces (README
// "Memory": a whole-file read raises glibc's malloc thresholds for good in the supervisor).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { loadInPieces } = require('../../../bin/load-in-pieces.js') as {
  loadInPieces: (file: string, parent: unknown) => Record<string, unknown>;
};

const dir = mkdtempSync(path.join(tmpdir(), 'rport-load-in-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadInPieces', () => {
  it('gives the exports require() would, with a character split across two pieces intact', () => {
    writeFileSync(path.join(dir, 'helper.cjs'), 'module.exports = 41;\n');
    // '→' is three bytes in UTF-8; the padding puts it across the 64 KiB boundary.
    const pad = 'x'.repeat(64 * 1024 - 'const pad = "'.length - 1);
    const file = path.join(dir, 'big.cjs');
    writeFileSync(
      file,
      `const pad = "${pad}→";\nmodule.exports = { arrow: pad.slice(-1), length: pad.length, name: __filename, ` +
        `helper: require('./helper.cjs') + 1 };\n`,
    );
    const loaded = loadInPieces(file, module);
    expect(loaded).toEqual({ arrow: '→', length: pad.length + 1, name: file, helper: 42 });
    // Cached like a required module: the same exports for require() and a second load.
    expect(require(file)).toBe(loaded);
    expect(loadInPieces(file, module)).toBe(loaded);
  });

  it('throws what the file throws, and leaves nothing cached', () => {
    const file = path.join(dir, 'broken.cjs');
    writeFileSync(file, "throw new Error('broken on purpose');\n");
    expect(() => loadInPieces(file, module)).toThrow('broken on purpose');
    expect(require.cache[file]).toBeUndefined();
  });
});
