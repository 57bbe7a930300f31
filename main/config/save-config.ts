// Saving rport.conf: validate first and refuse a text with errors, then write atomically (temp file,
// fsync, rename) with the previous file kept as `<file>.bak`, mode 0600.
import type { ConfigProblem } from '../shared/types/config-types';
import { writeFileAtomic, backupPathFor, type AtomicWriteFs } from './atomic-write';
import { resolvePolicy, validateConfigText, type LoadOptions, type LoadedConfig } from './load-config';
import { applyConfigEdits, type ConfigEdit } from './toml-editor';
import { readFile } from 'node:fs/promises';

export type SaveResult =
  | { saved: true; loaded: LoadedConfig; problems: ConfigProblem[] }
  | { saved: false; problems: ConfigProblem[]; text: string };

export interface SaveOptions extends LoadOptions {
  fs?: Partial<AtomicWriteFs>;
  /** Writes the validated text; default writeFileAtomic with `<file>.bak` (elevated-write.ts for a service's file). */
  write?: ConfigWriter;
}

/** Puts a validated text in place of `file`, keeping the previous one as `<file>.bak`. */
export type ConfigWriter = (file: string, text: string) => Promise<void>;

/** Validates `text` as `file` and writes it only when it has no error. Throws only when the write fails. */
export async function saveConfigText(file: string, text: string, options: SaveOptions): Promise<SaveResult> {
  const loaded = await validateConfigText(text, file, options);
  if (!loaded.ok) return { saved: false, problems: loaded.problems, text };
  if (options.write) await options.write(file, text);
  else await writeFileAtomic(file, text, { backupPath: backupPathFor(file), fs: options.fs });
  return { saved: true, loaded, problems: loaded.problems };
}

/** Applies structured edits to the file on disk (comments kept) and saves like saveConfigText. */
export async function editConfigFile(
  file: string,
  edits: readonly ConfigEdit[],
  options: SaveOptions,
): Promise<SaveResult> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const policy = await resolvePolicy(options);
  const updated = applyConfigEdits(text, edits, { lockedKeys: policy.lockedKeys, policyFile: policy.file });
  return saveConfigText(file, updated, { ...options, policy });
}
