// rport.conf text → effective RportConfig + every problem with file, line and key. Pure and synchronous
// (no file or network access); `parseConfigTextResolved` adds the DNS lookups the tunnel_allowed check
// needs for host names in `remotes`.
import type { ConfigProblem, RportConfig } from '../shared/types/config-types';
import { currentPlatform, defaultConfig, type ConfigPlatform } from './defaults';
import { isTomlTable, readToml, KeyPositions, type TomlTable } from './toml-source';
import { decodeConfig } from './decode-config';
import { validateConfig } from './validate-config';
import { lookupRemoteHosts, remoteHostsToResolve, type ResolvedHosts } from './effective-config';
import type { HostLookup } from './rules/host-lookup';
import { configError, hasErrors } from './problems';

export interface ParseOptions {
  /** Named in every problem. */
  file: string;
  /** Used when `data_dir` is not set: the app's own data folder (app-paths.ts), not /var/lib/rport. */
  defaultDataDir: string;
  platform?: ConfigPlatform;
  resolvedHosts?: ResolvedHosts;
  /**
   * Applied over the file's values before decoding (the administrator's policy): section → key → value.
   * Problems on these keys are reported against `overridesFile`.
   */
  overrides?: TomlTable;
  overridesFile?: string;
  overridesPositions?: KeyPositions;
}

export interface ParsedConfig {
  file: string;
  text: string;
  /** The config the engine runs with: file values over Go's defaults, Go's fix-ups applied. */
  config: RportConfig;
  problems: ConfigProblem[];
  /** Lower-cased dotted keys set in the file. */
  present: Set<string>;
  positions: KeyPositions;
  /** False when the text is not valid TOML (then `config` holds only defaults). */
  syntaxOk: boolean;
  /** No problem of severity error. */
  ok: boolean;
}

/** Copies `data` with `overrides` applied, replacing keys case-insensitively. */
function withOverrides(data: TomlTable, overrides: TomlTable): TomlTable {
  const out: TomlTable = { ...data };
  for (const [section, values] of Object.entries(overrides)) {
    if (!isTomlTable(values)) continue;
    const existingName = Object.keys(out).find((k) => k.toLowerCase() === section.toLowerCase());
    const existing = existingName !== undefined ? out[existingName] : undefined;
    const merged: TomlTable = isTomlTable(existing) ? { ...existing } : {};
    for (const [key, value] of Object.entries(values)) {
      for (const k of Object.keys(merged)) if (k.toLowerCase() === key.toLowerCase()) delete merged[k];
      merged[key] = value;
    }
    if (existingName !== undefined) delete out[existingName];
    out[section.toLowerCase()] = merged;
  }
  return out;
}

/** Lower-cased dotted keys an overrides table sets. */
export function overriddenKeys(overrides: TomlTable | undefined): string[] {
  if (!overrides) return [];
  const keys: string[] = [];
  for (const [section, values] of Object.entries(overrides)) {
    if (!isTomlTable(values)) continue;
    for (const key of Object.keys(values)) keys.push(`${section}.${key}`.toLowerCase());
  }
  return keys;
}

export function parseConfigText(text: string, options: ParseOptions): ParsedConfig {
  const platform = options.platform ?? currentPlatform();
  const read = readToml(text);
  if (!read.ok) {
    return {
      file: options.file,
      text,
      config: defaultConfig(options.defaultDataDir, platform),
      problems: [configError(options.file, read.line, '', `${read.message} (column ${read.column})`)],
      present: new Set(),
      positions: new KeyPositions(),
      syntaxOk: false,
      ok: false,
    };
  }
  const data = options.overrides ? withOverrides(read.data, options.overrides) : read.data;
  const decoded = decodeConfig(data, {
    file: options.file,
    positions: read.positions,
    defaultDataDir: options.defaultDataDir,
    platform,
  });
  const validation = validateConfig(decoded.config, decoded.raw, {
    file: options.file,
    positions: read.positions,
    present: decoded.present,
    platform,
    resolvedHosts: options.resolvedHosts,
  });
  let problems = [...decoded.problems, ...validation];
  const pinned = new Set(overriddenKeys(options.overrides));
  if (pinned.size > 0 && options.overridesFile !== undefined) {
    // A problem in a pinned value is the policy's, not the user's file's.
    problems = problems.map((p) =>
      pinned.has(p.key.toLowerCase())
        ? { ...p, file: options.overridesFile ?? p.file, line: options.overridesPositions?.lineOf(p.key) ?? null }
        : p,
    );
  }
  // What the decoder saw in the file and the overrides, less the overrides' keys.
  const present = new Set([...decoded.present].filter((k) => !pinned.has(k)));
  return {
    file: options.file,
    text,
    config: decoded.config,
    problems,
    present,
    positions: read.positions,
    syntaxOk: true,
    ok: !hasErrors(problems),
  };
}

/** parseConfigText, with host names in `remotes` resolved so tunnel_allowed can be checked like Go does. */
export async function parseConfigTextResolved(
  text: string,
  options: ParseOptions & { lookup?: HostLookup },
): Promise<ParsedConfig> {
  const first = parseConfigText(text, options);
  if (!first.syntaxOk || remoteHostsToResolve(first.config).length === 0) return first;
  const resolvedHosts = await lookupRemoteHosts(first.config, options.lookup);
  return parseConfigText(text, { ...options, resolvedHosts });
}
