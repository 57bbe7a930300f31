// The Node version the project needs is said once in package.json `engines`, and the README and .ci/run
// agree with it; every installed package that declares a newer Node (npm's EBADENGINE warnings) is named
// in the README's "Node versions" with why it is fine, so a new one cannot slip in unexplained. The tests
// themselves run on the Node they are given: at least the declared minimum.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};
const readme = readFileSync('README.md', 'utf8');
const ci = readFileSync('.ci/run', 'utf8');

const version = (text: string): number[] => text.split('.').map(Number);
const below = (a: number[], b: number[]): boolean =>
  (a[0] ?? 0) - (b[0] ?? 0) < 0 || ((a[0] ?? 0) === (b[0] ?? 0) && (a[1] ?? 0) < (b[1] ?? 0));

describe('Node version', () => {
  const minimum = /^>=\s*(\d+\.\d+)$/.exec(pkg.engines.node)?.[1] ?? '';

  it('is one minimum: package.json engines, the README, .ci/run and the Node running these tests', () => {
    expect(minimum).toMatch(/^\d+\.\d+$/);
    expect(readme).toContain(`Headless, on any machine with Node ≥ ${minimum}`);
    expect(readme).toContain(`Everything but the Electron binary runs on Node ≥ ${minimum}`);
    for (const claim of readme.matchAll(/Node ≥ (\d+\.\d+)/g)) {
      // Any other version the README names is one that Electron's tools declare, never a lower one.
      expect(below(version(claim[1] ?? ''), version(minimum)), claim[0]).toBe(false);
    }
    expect(ci).toContain('require("./package.json").engines.node');
    expect(below(version(process.versions.node), version(minimum))).toBe(false);
  });

  it('names in the README every package that declares a newer Node (the EBADENGINE warnings)', () => {
    const newer = new Map<string, string>();
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      // Single lower bounds only: `^20.19.0 || >=22.12.0` and the like already include the minimum.
      const bound = range && !range.includes('||') ? /^>=\s*(\d+(?:\.\d+)*)$/.exec(range.trim())?.[1] : undefined;
      if (bound && below(version(minimum), version(bound))) newer.set(where.replace(/^.*node_modules\//, ''), bound);
    }
    expect(newer.size).toBeGreaterThan(0);
    const section = readme.slice(readme.indexOf('**Node versions.**'));
    for (const [name, bound] of newer) {
      expect(section, `${name} declares Node >= ${bound}`).toContain(`\`${name}\``);
    }
  });
});
