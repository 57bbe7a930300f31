// Small helpers over parsed TOML: reading a dotted key and finding the line a key is written on (for
// problems the validator cannot place, such as a change to a locked key).
import { tomlPatch } from '../../shared/toml-patch';

export type TomlTable = Record<string, unknown>;

/** The parsed text, or null when it is not valid TOML. */
export function tryParseToml(text: string): TomlTable | null {
  try {
    return toPlain(tomlPatch().parse(text)) as TomlTable;
  } catch {
    return null;
  }
}

/** `section.key` → value; sections such as `remote-commands` are one path segment. */
export function getKey(table: TomlTable, dottedKey: string): unknown {
  const [section, ...rest] = dottedKey.split('.');
  const key = rest.join('.');
  const sectionValue = section === undefined ? undefined : table[section];
  if (!isTable(sectionValue)) return undefined;
  return sectionValue[key];
}

export function setKey(table: TomlTable, dottedKey: string, value: unknown): void {
  const [section, ...rest] = dottedKey.split('.');
  if (section === undefined) return;
  const existing = table[section];
  const target: TomlTable = isTable(existing) ? existing : {};
  target[rest.join('.')] = value;
  table[section] = target;
}

export function isTable(value: unknown): value is TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** 1-based line of `key` inside `[section]`, or null when the file does not set it. */
export function findKeyLine(text: string, dottedKey: string): number | null {
  const [section, ...rest] = dottedKey.split('.');
  const key = rest.join('.');
  let current = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const header = /^\s*\[\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*\]/.exec(line);
    if (header && !/^\s*\[\[/.test(line)) {
      current = header[1] ?? header[2] ?? header[3] ?? '';
      continue;
    }
    if (current !== section) continue;
    const assignment = /^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=/.exec(line);
    if (assignment && (assignment[1] ?? assignment[2] ?? assignment[3]) === key) return i + 1;
  }
  return null;
}

// toml-patch returns null-prototype objects and bigint for huge integers; the rest of the app wants
// plain JSON-like values.
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Date) return value;
  if (value !== null && typeof value === 'object') {
    const out: TomlTable = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlain(item);
    return out;
  }
  return value;
}
