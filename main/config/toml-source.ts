// Reads rport.conf TOML text: strict values from smol-toml (TOML 1.0, duplicate keys rejected, integers
// kept apart from floats as bigint) and the line of every key and array item from
// @decimalturn/toml-patch's concrete syntax tree, so that each problem can name its line. The lines are
// found when the first is asked for: a file without problems never loads toml-patch (shared/toml-patch.ts).
import { parse as smolParse, TomlError } from 'smol-toml';
import { tomlPatch } from '../shared/toml-patch';

export type TomlValue = string | bigint | number | boolean | Date | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/** A TOML table (a section or an inline table): an object that is not an array or a date. */
export const isTomlTable = (v: unknown): v is TomlTable =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export interface KeyLocation {
  /** 1-based line of the key. */
  line: number;
  /** 1-based line of each array item, when the value is an array. */
  itemLines: number[];
  /** The key path as spelled in the file. */
  spelling: string[];
}

/** Lower-cased dotted path → location (viper matches keys case-insensitively). */
export class KeyPositions {
  private readonly keys = new Map<string, KeyLocation>();
  private readonly sections = new Map<string, number>();
  /** Dotted path exactly as spelled → its line: a key written twice in different case has two. */
  private readonly spelled = new Map<string, number>();

  /** `find` records the positions the first time one is asked for; without it there are none. */
  constructor(private find?: (into: KeyPositions) => void) {}

  private found(): this {
    const find = this.find;
    this.find = undefined;
    find?.(this);
    return this;
  }

  lineOf(dotted: string): number | null {
    return this.found().keys.get(dotted.toLowerCase())?.line ?? null;
  }

  /** The line of this exact spelling (`client.NAME`), else of the key in any case. */
  lineOfSpelling(spelled: string): number | null {
    return this.found().spelled.get(spelled) ?? this.lineOf(spelled);
  }

  /** Line of array item `index` of `dotted`, else the key's line. */
  itemLine(dotted: string, index: number): number | null {
    const loc = this.found().keys.get(dotted.toLowerCase());
    return loc?.itemLines[index] ?? loc?.line ?? null;
  }

  sectionLine(section: string): number | null {
    return this.found().sections.get(section.toLowerCase()) ?? null;
  }

  /** The first line of `section` (lower-cased), unless one is known already. */
  recordSection(section: string, line: number): void {
    if (!this.sections.has(section)) this.sections.set(section, line);
  }

  record(path: string[], line: number, itemLines: number[]): void {
    const dotted = path.map((p) => p.toLowerCase()).join('.');
    const spelled = path.join('.');
    if (!this.spelled.has(spelled)) this.spelled.set(spelled, line);
    if (!this.keys.has(dotted)) this.keys.set(dotted, { line, itemLines, spelling: path });
    for (let i = 1; i < path.length; i++) {
      const parent = path
        .slice(0, i)
        .map((p) => p.toLowerCase())
        .join('.');
      if (!this.sections.has(parent)) this.sections.set(parent, line);
    }
  }
}

export type TomlReadResult =
  { ok: true; data: TomlTable; positions: KeyPositions } | { ok: false; line: number; column: number; message: string };

interface CstNode {
  type: string;
  loc: { start: { line: number; column: number } };
}
interface CstKey extends CstNode {
  value: string[];
}
interface CstKeyValue extends CstNode {
  key: CstKey;
  value: CstNode & { items?: (CstNode & { item: CstNode })[] };
}
interface CstTable extends CstNode {
  key: CstNode & { item: CstKey };
  items: CstNode[];
}

function recordKeyValue(positions: KeyPositions, prefix: string[], kv: CstKeyValue): void {
  const path = [...prefix, ...kv.key.value];
  const value = kv.value;
  const itemLines = value.type === 'InlineArray' && value.items ? value.items.map((i) => i.item.loc.start.line) : [];
  positions.record(path, kv.loc.start.line, itemLines);
  if (value.type === 'InlineTable' && value.items) {
    for (const item of value.items) recordKeyValue(positions, path, item.item as CstKeyValue);
  }
}

/** Lines from toml-patch's syntax tree; false when it cannot read text that smol-toml accepted. */
function positionsFromCst(text: string, positions: KeyPositions): boolean {
  let cst: CstNode[];
  try {
    cst = tomlPatch().parseDocument(text).cst as unknown as CstNode[];
  } catch {
    return false;
  }
  for (const block of cst) {
    if (block.type === 'Table' || block.type === 'TableArray') {
      const table = block as CstTable;
      const path = table.key.item.value;
      const sectionKey = path.map((p) => p.toLowerCase()).join('.');
      positions.recordSection(sectionKey, table.loc.start.line);
      for (const item of table.items) {
        if (item.type === 'KeyValue') recordKeyValue(positions, path, item as CstKeyValue);
      }
    } else if (block.type === 'KeyValue') {
      recordKeyValue(positions, [], block as CstKeyValue);
    }
  }
  return true;
}

/** A line scanner for `[section]` and `key =` lines: the fallback when the syntax tree is not available. */
function positionsFromLines(text: string, positions: KeyPositions): void {
  let section: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      section = (header[1] ?? '').split('.').map((p) => p.trim().replace(/^["']|["']$/g, ''));
      const key = section.map((p) => p.toLowerCase()).join('.');
      positions.recordSection(key, index + 1);
      return;
    }
    const kv = /^("[^"]*"|'[^']*'|[A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=/.exec(line);
    if (kv) {
      const key = (kv[1] ?? '').split('.').map((p) => p.trim().replace(/^["']|["']$/g, ''));
      positions.record([...section, ...key], index + 1, []);
    }
  });
}

/** Parses TOML text; never throws. A syntax error comes back with its 1-based line and column. */
export function readToml(text: string): TomlReadResult {
  let data: TomlTable;
  try {
    data = smolParse(text, { integersAsBigInt: true }) as unknown as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
      return { ok: false, line: err.line, column: err.column, message: `TOML syntax error: ${reason}` };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, line: 1, column: 1, message: `TOML syntax error: ${message}` };
  }
  const positions = new KeyPositions((into) => {
    if (!positionsFromCst(text, into)) positionsFromLines(text, into);
  });
  return { ok: true, data, positions };
}
