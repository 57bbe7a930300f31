// "Did you mean …?" for a config key typed wrong: `keep_alive` → `connection.keep_alive`, `client.nmae` →
// `client.name`. One home for the guess, used by the decoder's unknown-key warnings and `rport-tray config`.
import { CONFIG_KEYS, KNOWN_MISSPELLINGS } from './config-schema';

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

/**
 * The dotted keys a mistyped `typed` most likely means, best first (at most three; empty when nothing is
 * close): a key name without its section (`keep_alive`), a key under the wrong section
 * (`client.keep_alive`), a known misspelling, or a small typo of the whole dotted name.
 */
export function suggestConfigKeys(typed: string): string[] {
  const lower = typed.trim().toLowerCase();
  if (lower === '') return [];
  const dotted = CONFIG_KEYS.map((spec) => `${spec.section}.${spec.key}`);
  const known = KNOWN_MISSPELLINGS[lower];
  if (known) return [`${lower.slice(0, lower.indexOf('.'))}.${known}`];
  const keyPart = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : lower;
  const sameName = CONFIG_KEYS.filter((spec) => spec.key === keyPart).map((spec) => `${spec.section}.${spec.key}`);
  if (sameName.length > 0) return sameName.filter((name) => name !== lower).slice(0, 3);
  const scored = dotted
    .map((name) => {
      const target = lower.includes('.') ? name : name.slice(name.indexOf('.') + 1);
      return { name, distance: editDistance(lower, target) };
    })
    .filter((s) => s.distance <= Math.max(2, Math.floor(lower.length / 4)))
    .sort((a, b) => a.distance - b.distance);
  return scored.slice(0, 3).map((s) => s.name);
}

/** `; did you mean "connection.keep_alive"?` (or one of several), or '' when nothing is close. */
export function didYouMean(typed: string): string {
  const keys = suggestConfigKeys(typed);
  if (keys.length === 0) return '';
  if (keys.length === 1) return `; did you mean "${keys[0]}"?`;
  return `; did you mean one of ${keys.map((k) => `"${k}"`).join(', ')}?`;
}
