// Loading rport.conf for the app: read the file, apply the administrator's policy, parse and validate
// like the Go client (with DNS for tunnel_allowed), and warn when a file holding a password is readable
// by others. Never throws for bad input: everything comes back as problems.
import { readFile } from 'node:fs/promises';
import type { ConfigProblem } from '../shared/types/config-types';
import { currentPlatform, type ConfigPlatform } from './defaults';
import { parseConfigTextResolved, type ParsedConfig } from './parse-config';
import type { HostLookup } from './rules/host-lookup';
import { loadPolicy, noPolicy, type Policy } from './policy';
import { policyFilePath } from './app-paths';
import { configError, hasErrors } from './problems';
import { fileExposureProblems } from './secret-exposure';
import { KeyPositions } from './toml-source';
import { defaultConfig } from './defaults';

export interface LoadOptions {
  /** The app's data folder, used when `data_dir` is not set (app-paths.ts appDataDir). */
  defaultDataDir: string;
  platform?: ConfigPlatform;
  /** The policy file; default: the per-OS path (or RPORT_TRAY_POLICY). null: no policy. */
  policyPath?: string | null;
  /** An already loaded policy (the config service keeps one). */
  policy?: Policy;
  lookup?: HostLookup;
}

export interface LoadedConfig extends ParsedConfig {
  /** Lower-cased dotted keys the administrator's policy pins. */
  lockedKeys: string[];
  policyFile: string | null;
}

export async function resolvePolicy(options: LoadOptions): Promise<Policy> {
  if (options.policy) return options.policy;
  if (options.policyPath === null) return noPolicy();
  return loadPolicy(options.policyPath ?? policyFilePath({ platform: options.platform }));
}

/** Validates text as if it were `file` (for live validation in the editor): no file access except the policy. */
export async function validateConfigText(text: string, file: string, options: LoadOptions): Promise<LoadedConfig> {
  const platform = options.platform ?? currentPlatform();
  const policy = await resolvePolicy(options);
  const parsed = await parseConfigTextResolved(text, {
    file,
    defaultDataDir: options.defaultDataDir,
    platform,
    lookup: options.lookup,
    overrides: policy.exists ? policy.pins : undefined,
    overridesFile: policy.file ?? undefined,
    overridesPositions: policy.positions,
  });
  const problems: ConfigProblem[] = [...policy.problems, ...parsed.problems];
  for (const key of policy.lockedKeys) {
    const line = parsed.positions.lineOf(key);
    if (line !== null && policy.file !== null) {
      problems.push({
        severity: 'warning',
        file,
        line,
        key,
        message: `overridden by the administrator's policy (${policy.file})`,
      });
    }
  }
  return {
    ...parsed,
    problems,
    ok: !hasErrors(problems),
    lockedKeys: policy.lockedKeys,
    policyFile: policy.exists ? policy.file : null,
  };
}

/** Reads and validates `file`. A missing or unreadable file is an error problem, not an exception. */
export async function loadConfig(file: string, options: LoadOptions): Promise<LoadedConfig> {
  const platform = options.platform ?? currentPlatform();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const problems = [configError(file, null, '', `cannot read the config: ${(err as Error).message}`)];
    return {
      file,
      text: '',
      config: defaultConfig(options.defaultDataDir, platform),
      problems,
      present: new Set(),
      positions: new KeyPositions(),
      syntaxOk: false,
      ok: false,
      lockedKeys: [],
      policyFile: null,
    };
  }
  const loaded = await validateConfigText(text, file, options);
  const exposure = loaded.syntaxOk ? await fileExposureProblems(file, loaded.config, loaded.positions, platform) : [];
  return { ...loaded, problems: [...loaded.problems, ...exposure] };
}
