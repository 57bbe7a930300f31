// The administrator's policy: a TOML file with the same sections and keys as rport.conf, at a per-OS
// system path (app-paths.ts policyFilePath). Every key it sets is pinned: the effective config uses the
// policy's value, the editor refuses to change it, and the UI shows it locked. A policy that exists but
// cannot be read or parsed is an error, never ignored: the admin's intent must not silently disappear.
import { readFile } from 'node:fs/promises';
import type { ConfigProblem } from '../shared/types/config-types';
import { isTomlTable, readToml, KeyPositions, type TomlTable } from './toml-source';
import { ALIASES_SECTION, SECTION_NAMES, findKeySpec } from './config-schema';
import { configError, configWarning } from './problems';
import { overriddenKeys } from './parse-config';
import { parseTrayPolicy, TRAY_POLICY_SECTION, type TrayPolicy } from './tray-policy';

export interface Policy {
  /** The policy file looked at; null when policies are switched off (tests). */
  file: string | null;
  exists: boolean;
  /** section → key → value, as written. */
  pins: TomlTable;
  positions: KeyPositions;
  problems: ConfigProblem[];
  /** Lower-cased dotted keys the policy pins. */
  lockedKeys: string[];
  /** The `[rport-tray]` section: the app's own settings the administrator pins (tray-policy.ts). */
  tray: TrayPolicy;
}

export const noPolicy = (): Policy => ({
  file: null,
  exists: false,
  pins: {},
  positions: new KeyPositions(),
  problems: [],
  lockedKeys: [],
  tray: {},
});

export function parsePolicyText(text: string, file: string): Policy {
  const read = readToml(text);
  if (!read.ok) {
    return {
      ...noPolicy(),
      file,
      exists: true,
      problems: [
        configError(file, read.line, '', `${read.message} (column ${read.column}) in the administrator's policy`),
      ],
    };
  }
  const pins: TomlTable = {};
  const problems: ConfigProblem[] = [];
  let tray: TrayPolicy = {};
  for (const [section, values] of Object.entries(read.data)) {
    const lower = section.toLowerCase();
    if (lower === TRAY_POLICY_SECTION && isTomlTable(values)) {
      const parsed = parseTrayPolicy(values, file, read.positions, section);
      tray = parsed.tray;
      problems.push(...parsed.problems);
      continue;
    }
    if (!SECTION_NAMES.includes(lower as (typeof SECTION_NAMES)[number]) || !isTomlTable(values)) {
      problems.push(
        configWarning(file, read.positions.lineOf(section), section, `unknown policy entry "${section}" (ignored)`),
      );
      continue;
    }
    const kept: TomlTable = {};
    for (const [key, value] of Object.entries(values)) {
      if (lower !== ALIASES_SECTION && !findKeySpec(`${lower}.${key}`)) {
        problems.push(
          configWarning(
            file,
            read.positions.lineOf(`${section}.${key}`),
            `${lower}.${key}`,
            `unknown key "${key}" in the policy's [${lower}] (ignored)`,
          ),
        );
        continue;
      }
      kept[key] = value;
    }
    pins[lower] = kept;
  }
  return { file, exists: true, pins, positions: read.positions, problems, lockedKeys: overriddenKeys(pins), tray };
}

/** Reads the policy; a missing file means no policy. */
export async function loadPolicy(file: string | null): Promise<Policy> {
  if (file === null) return noPolicy();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...noPolicy(), file };
    return {
      ...noPolicy(),
      file,
      exists: true,
      problems: [configError(file, null, '', `cannot read the administrator's policy: ${(err as Error).message}`)],
    };
  }
  return parsePolicyText(text, file);
}

export class LockedKeyError extends Error {
  constructor(
    readonly key: string,
    readonly policyFile: string,
  ) {
    super(`${key} is locked by the administrator's policy (${policyFile})`);
    this.name = 'LockedKeyError';
  }
}
