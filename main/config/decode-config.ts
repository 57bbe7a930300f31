// TOML data → RportConfig, key for key as the Go client's decoder reads it: sections and keys matched
// case-insensitively (viper), loose typing (weak-decode.ts), defaults for what is absent, and a warning
// naming file, line and key for anything the Go client would silently ignore.
import type { ConfigProblem, RportConfig } from '../shared/types/config-types';
import { defaultConfig, type ConfigPlatform } from './defaults';
import {
  ALIASES_SECTION,
  CONFIG_KEYS,
  KNOWN_MISSPELLINGS,
  SECTION_NAMES,
  findKeySpec,
  type KeySpec,
} from './config-schema';
import { configError, configWarning } from './problems';
import { editDistance } from './key-suggestion';
import { isTomlTable, type KeyPositions, type TomlTable, type TomlValue } from './toml-source';
import { goQuote } from '../shared/go/quote';
import { formatGoDuration } from '../shared/go/duration';
import {
  toGoBool,
  toGoDuration,
  toGoInt,
  toGoString,
  toGoStringMap,
  toGoStringSlice,
  toGoUint,
  tomlTypeName,
  type Decoded,
} from './weak-decode';

export interface DecodeContext {
  file: string;
  positions: KeyPositions;
  defaultDataDir: string;
  platform: ConfigPlatform;
}

/** Values the validator needs as written, before they become typed (Go checks them in ParseAndValidate). */
export interface RawValues {
  order: string[] | null;
  netLan: string[] | null;
  netWan: string[] | null;
  aliases: Map<string, { name: string; value: TomlValue }>;
}

export interface DecodedConfig {
  config: RportConfig;
  raw: RawValues;
  /** Lower-cased dotted keys present in the file. */
  present: Set<string>;
  problems: ConfigProblem[];
}

function suggestion(section: string | null, key: string): string {
  const lower = key.toLowerCase();
  if (section !== null) {
    const known = KNOWN_MISSPELLINGS[`${section}.${lower}`];
    if (known) return `; the Go client reads "${known}"`;
  }
  const candidates = CONFIG_KEYS.filter((s) => section === null || s.section === section);
  let best: KeySpec | null = null;
  let bestDistance = Infinity;
  for (const spec of candidates) {
    const d = editDistance(lower, spec.key);
    if (d < bestDistance) {
      best = spec;
      bestDistance = d;
    }
  }
  if (best === null) return '';
  if (section === null && bestDistance === 0) return `; did you mean "${best.key}" in [${best.section}]?`;
  if (section !== null && bestDistance <= Math.max(2, Math.floor(lower.length / 4)))
    return `; did you mean "${best.key}"?`;
  return '';
}

const LOG_LEVELS = new Set(['error', 'info', 'debug']);

type Section = Record<string, unknown>;

export function decodeConfig(data: TomlTable, ctx: DecodeContext): DecodedConfig {
  const config = defaultConfig(ctx.defaultDataDir, ctx.platform);
  const problems: ConfigProblem[] = [];
  const present = new Set<string>();
  const raw: RawValues = { order: null, netLan: null, netWan: null, aliases: new Map() };
  // Called with the key as spelled: of a key written twice in different case, the spelling that is used.
  const line = (spelled: string): number | null => ctx.positions.lineOfSpelling(spelled);
  const seen = new Map<string, string>();

  const noteSpelling = (dotted: string, spelled: string): void => {
    const earlier = seen.get(dotted);
    if (earlier !== undefined) {
      problems.push(
        configWarning(
          ctx.file,
          line(spelled),
          dotted,
          `${spelled} repeats ${earlier} (keys are case-insensitive); this one is used`,
        ),
      );
    }
    seen.set(dotted, spelled);
    present.add(dotted);
  };

  for (const [sectionName, sectionValue] of Object.entries(data)) {
    const sectionLower = sectionName.toLowerCase();
    if (!SECTION_NAMES.includes(sectionLower as (typeof SECTION_NAMES)[number])) {
      if (isTomlTable(sectionValue)) {
        problems.push(
          configWarning(
            ctx.file,
            ctx.positions.sectionLine(sectionName),
            sectionName,
            `unknown section [${sectionName}] (ignored)`,
          ),
        );
      } else {
        problems.push(
          configWarning(
            ctx.file,
            line(sectionName),
            sectionName,
            `unknown key "${sectionName}" outside any section (ignored)${suggestion(null, sectionName)}`,
          ),
        );
      }
      continue;
    }
    if (!isTomlTable(sectionValue)) {
      problems.push(
        configError(
          ctx.file,
          line(sectionName),
          sectionLower,
          `expected a table [${sectionLower}], got ${tomlTypeName(sectionValue)}`,
        ),
      );
      continue;
    }
    if (sectionLower === ALIASES_SECTION) {
      for (const [alias, value] of Object.entries(sectionValue)) {
        const dotted = `${ALIASES_SECTION}.${alias.toLowerCase()}`;
        noteSpelling(dotted, `${sectionName}.${alias}`);
        raw.aliases.set(alias.toLowerCase(), { name: alias.toLowerCase(), value });
      }
      continue;
    }
    const target = config[sectionLower as keyof RportConfig] as unknown as Section;
    for (const [key, value] of Object.entries(sectionValue)) {
      const spelled = `${sectionName}.${key}`;
      const spec = findKeySpec(`${sectionLower}.${key}`);
      if (!spec) {
        problems.push(
          configWarning(
            ctx.file,
            line(spelled),
            `${sectionLower}.${key}`,
            `unknown key "${key}" in [${sectionLower}] (ignored)${suggestion(sectionLower, key)}`,
          ),
        );
        continue;
      }
      const dotted = `${spec.section}.${spec.key}`;
      noteSpelling(dotted, spelled);
      const fail = (message: string) => problems.push(configError(ctx.file, line(spelled), dotted, message));
      let result: Decoded<unknown>;
      switch (spec.kind) {
        case 'string':
          result = toGoString(value);
          break;
        case 'logLevel': {
          const s = toGoString(value);
          result =
            s.ok && !LOG_LEVELS.has(s.value) ? { ok: false, error: `invalid log level: ${goQuote(s.value)}` } : s;
          break;
        }
        case 'bool':
          result = toGoBool(value);
          break;
        case 'int':
        case 'minutes':
          result = toGoInt(value);
          break;
        case 'uint':
          result = toGoUint(value);
          break;
        case 'duration':
          result = toGoDuration(value);
          // "60" typed in the form or a file: Go refuses it; say which unit was probably meant.
          if (!result.ok && typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
            const n = value.trim();
            result = { ok: false, error: `${result.error}: write ${n}s for seconds (or ${n}m, ${n}h, ${n}ns)` };
          }
          if (result.ok && (typeof value === 'bigint' || typeof value === 'number') && result.value !== 0) {
            problems.push(
              configWarning(
                ctx.file,
                line(spelled),
                dotted,
                `a bare number is nanoseconds (${String(value)} = ${formatGoDuration(result.value as number)}); write a string such as '30s'`,
              ),
            );
          }
          break;
        case 'strings':
          result = toGoStringSlice(value);
          break;
        case 'stringMap':
          result = toGoStringMap(value);
          break;
        case 'card': {
          const s = toGoStringSlice(value);
          if (s.ok) {
            if (spec.key === 'net_lan') raw.netLan = s.value;
            else raw.netWan = s.value;
          } else fail(s.error);
          continue;
        }
        case 'order': {
          const s = toGoStringSlice(value);
          if (!s.ok) fail(s.error);
          else if (s.value.length > 2)
            fail(`expected source data to have length less or equal to 2, got ${s.value.length}`);
          else raw.order = [s.value[0] ?? '', s.value[1] ?? ''];
          continue;
        }
      }
      if (result.ok) target[spec.key] = result.value;
      else fail(result.error);
    }
  }
  return { config, raw, present, problems };
}
