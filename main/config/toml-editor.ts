// Comment-preserving edits of rport.conf text with @decimalturn/toml-patch: changing a value rewrites only
// that value (its line's comment stays), removing a key removes its line, array items are added or
// removed in place. New keys are inserted by hand right after the last key of their section, with the
// section's indentation (toml-patch would put them after a comment that belongs to the next section).
// Everything else stays byte for byte. Keys are matched case-insensitively, like the Go client reads them.
import { tomlPatch } from '../shared/toml-patch';
import { findKeySpec } from './config-schema';
import { LockedKeyError } from './policy';
import { SECRET_MASK, holdsMask, isSecretField } from '../shared/secrets';
import { readToml } from './toml-source';

export type ConfigValue = string | number | boolean | ConfigValue[] | { [key: string]: ConfigValue };

export type ConfigEdit =
  | { op: 'set'; key: string; value: ConfigValue }
  | { op: 'unset'; key: string }
  | { op: 'add-item'; key: string; value: ConfigValue }
  | { op: 'remove-item'; key: string; index?: number; value?: ConfigValue };

export class ConfigEditError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigEditError';
  }
}

export interface EditOptions {
  /** Lower-cased dotted keys pinned by the administrator's policy. */
  lockedKeys?: readonly string[];
  policyFile?: string | null;
}

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function splitKey(dotted: string): { section: string; key: string } {
  const dot = dotted.indexOf('.');
  if (dot <= 0 || dot === dotted.length - 1) throw new ConfigEditError(dotted, `"${dotted}" is not a section.key name`);
  return { section: dotted.slice(0, dot), key: dotted.slice(dot + 1) };
}

const findName = (table: Table, name: string): string | undefined =>
  Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase());

interface CstNode {
  type: string;
  loc: { start: { line: number }; end: { line: number } };
}
interface CstTable extends CstNode {
  key: { item: { value: string[] } };
  items: CstNode[];
}

/** Inserts `line` as the last key of the `[section]` table, or null when there is no such table header. */
function insertIntoTable(text: string, section: string, line: string): string | null {
  const cst = tomlPatch().parseDocument(text).cst as unknown as CstNode[];
  const table = cst.find(
    (b): b is CstTable =>
      b.type === 'Table' &&
      (b as CstTable).key.item.value.length === 1 &&
      ((b as CstTable).key.item.value[0] ?? '').toLowerCase() === section.toLowerCase(),
  );
  if (!table) return null;
  const lines = text.split(/(?<=\n)/);
  const keyValues = table.items.filter((i) => i.type === 'KeyValue');
  const last = keyValues[keyValues.length - 1];
  const afterLine = last ? last.loc.end.line : table.loc.start.line;
  const indentSource = last ? lines[last.loc.start.line - 1] : undefined;
  const indent = indentSource ? (/^[ \t]*/.exec(indentSource)?.[0] ?? '') : '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = lines.slice(0, afterLine);
  const lastBefore = before[before.length - 1];
  if (lastBefore !== undefined && !lastBefore.endsWith('\n')) before[before.length - 1] = lastBefore + eol;
  return [...before, `${indent}${line}${eol}`, ...lines.slice(afterLine)].join('');
}

interface CstKeyValue extends CstNode {
  key: { value: string[] };
}

/**
 * Removes exactly the lines of `section.key` (its inline comment goes with it; comments on other lines,
 * including one just above it, stay: toml-patch would remove that one too). Null when the key is not a
 * plain `key = value` of a `[section]` table or a dotted key at the root.
 */
function removeKeyLines(text: string, section: string, key: string): string | null {
  const cst = tomlPatch().parseDocument(text).cst as unknown as CstNode[];
  const want = [section.toLowerCase(), key.toLowerCase()].join('\u0000');
  const pathOf = (prefix: string[], kv: CstKeyValue) =>
    [...prefix, ...kv.key.value].map((p) => p.toLowerCase()).join('\u0000');
  let target: CstNode | undefined;
  for (const block of cst) {
    if (block.type === 'Table') {
      const table = block as CstTable;
      target = table.items.find(
        (i) => i.type === 'KeyValue' && pathOf(table.key.item.value, i as CstKeyValue) === want,
      );
    } else if (block.type === 'KeyValue' && pathOf([], block as CstKeyValue) === want) target = block;
    if (target) break;
  }
  if (!target) return null;
  const lines = text.split(/(?<=\n)/);
  lines.splice(target.loc.start.line - 1, target.loc.end.line - target.loc.start.line + 1);
  return lines.join('');
}

function renderKeyValue(key: string, value: ConfigValue): string {
  return tomlPatch()
    .stringify({ [key]: value }, { trailingComma: false, bracketSpacing: false })
    .trim();
}

function appendSection(text: string, section: string, line: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  if (out !== '' && !out.endsWith('\n')) out += eol;
  if (out.trim() !== '') out += eol;
  return `${out}[${section}]${eol}${line}${eol}`;
}

function checkEditable(dotted: string, options: EditOptions): void {
  if (options.lockedKeys?.includes(dotted.toLowerCase())) {
    throw new LockedKeyError(dotted, options.policyFile ?? 'the policy file');
  }
}

function applyOne(text: string, edit: ConfigEdit, options: EditOptions): string {
  const { section, key } = splitKey(edit.key);
  const spec = findKeySpec(edit.key);
  const dotted = spec ? `${spec.section}.${spec.key}` : edit.key.toLowerCase();
  checkEditable(dotted, options);
  if (edit.op !== 'unset' && !spec) throw new ConfigEditError(edit.key, `unknown key "${edit.key}"`);
  if ((edit.op === 'set' || edit.op === 'add-item') && isSecretField(dotted) && holdsMask(edit.value)) {
    throw new ConfigEditError(edit.key, `refusing to write the secret mask ${SECRET_MASK} into ${dotted}`);
  }
  const doc = tomlPatch().parse(text) as Table;
  const sectionName = findName(doc, section);
  const sectionTable = sectionName !== undefined ? doc[sectionName] : undefined;
  if (sectionName !== undefined && !isTable(sectionTable)) {
    throw new ConfigEditError(edit.key, `"${sectionName}" is not a table`);
  }
  const keyName = isTable(sectionTable) ? findName(sectionTable, key) : undefined;
  const current = isTable(sectionTable) && keyName !== undefined ? sectionTable[keyName] : undefined;

  switch (edit.op) {
    case 'unset': {
      if (!isTable(sectionTable) || keyName === undefined) return text;
      const removed = removeKeyLines(text, section, key);
      if (removed !== null) return removed;
      delete sectionTable[keyName];
      return tomlPatch().patch(text, doc);
    }
    case 'set': {
      if (isTable(sectionTable) && keyName !== undefined) {
        sectionTable[keyName] = edit.value;
        return tomlPatch().patch(text, doc);
      }
      const line = renderKeyValue(key, edit.value);
      if (sectionName === undefined) return appendSection(text, section.toLowerCase(), line);
      const inserted = insertIntoTable(text, sectionName, line);
      if (inserted !== null) return inserted;
      (sectionTable as Table)[key] = edit.value;
      return tomlPatch().patch(text, doc);
    }
    case 'add-item': {
      if (current === undefined) return applyOne(text, { op: 'set', key: edit.key, value: [edit.value] }, options);
      if (!Array.isArray(current)) throw new ConfigEditError(edit.key, `${dotted} is not a list`);
      current.push(edit.value);
      return tomlPatch().patch(text, doc);
    }
    case 'remove-item': {
      if (!Array.isArray(current)) throw new ConfigEditError(edit.key, `${dotted} is not a list in this file`);
      let index = edit.index ?? -1;
      if (edit.index === undefined && edit.value !== undefined) {
        index = current.findIndex((item) => JSON.stringify(item) === JSON.stringify(edit.value));
      }
      if (index < 0 || index >= current.length) throw new ConfigEditError(edit.key, `${dotted} has no such item`);
      current.splice(index, 1);
      return tomlPatch().patch(text, doc);
    }
  }
}

/**
 * Applies edits in order and returns the new text. Throws LockedKeyError for a key the policy pins,
 * ConfigEditError for an unknown key or a text that is not valid TOML. Does not validate the result as a
 * config: the caller does that before saving.
 */
export function applyConfigEdits(text: string, edits: readonly ConfigEdit[], options: EditOptions = {}): string {
  const read = readToml(text);
  if (!read.ok) {
    throw new ConfigEditError(
      '',
      `the file is not valid TOML (line ${read.line}: ${read.message}); fix it in the text view first`,
    );
  }
  let out = text;
  for (const edit of edits) out = applyOne(out, edit, options);
  return out;
}
