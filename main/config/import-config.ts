// Bringing in the config of an installed Go client (or any file the user picks). The copy gets the
// app's own data folder: a `data_dir` that points to the service's folder (/var/lib/rport,
// C:\Program Files\rport) is removed, because that folder belongs to the running service (its
// state.json) and a desktop user usually cannot write there. Any other data_dir is kept. The copy is
// validated first; with errors nothing is written unless `allowInvalid` is set (the user then fixes it in
// the editor). The copy is written 0600 with the usual backup of what it replaces.
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import type { ConfigProblem } from '../shared/types/config-types';
import { currentPlatform, type ConfigPlatform } from './defaults';
import { goClientConfigPaths, goServiceDataDir, type PathEnv } from './app-paths';
import { applyConfigEdits } from './toml-editor';
import { validateConfigText, type LoadOptions } from './load-config';
import { writeFileAtomic, backupPathFor } from './atomic-write';

export interface ImportCandidate {
  path: string;
  readable: boolean;
}

/** The usual places of a Go client's config that exist on this machine. */
export async function findImportCandidates(env: PathEnv = {}): Promise<ImportCandidate[]> {
  const found: ImportCandidate[] = [];
  for (const path of goClientConfigPaths(env)) {
    try {
      await access(path, constants.F_OK);
    } catch {
      continue;
    }
    const readable = await access(path, constants.R_OK).then(
      () => true,
      () => false,
    );
    found.push({ path, readable });
  }
  return found;
}

export interface ImportOptions extends LoadOptions {
  allowInvalid?: boolean;
}

export interface ImportResult {
  imported: boolean;
  problems: ConfigProblem[];
  /** What was changed on the way, for the user. */
  notes: string[];
}

const samePath = (a: string, b: string, platform: ConfigPlatform): boolean => {
  const norm = (p: string) => p.replace(/[\\/]+$/, '');
  return platform === 'win32' ? norm(a).toLowerCase() === norm(b).toLowerCase() : norm(a) === norm(b);
};

/** The copy importConfig would write, validated, without writing anything (for a preview). */
export interface PreparedImport {
  text: string;
  /** The copy's problems, validated as `to`. */
  problems: ConfigProblem[];
  /** The original's problems, with the lines of the file the user picked. */
  sourceProblems: ConfigProblem[];
  notes: string[];
  ok: boolean;
}

export async function prepareImport(from: string, to: string, options: ImportOptions): Promise<PreparedImport> {
  const platform = options.platform ?? currentPlatform();
  const original = await readFile(from, 'utf8');
  const notes: string[] = [];
  let text = original;
  const first = await validateConfigText(original, from, options);
  if (first.syntaxOk && first.present.has('client.data_dir')) {
    const dataDir = first.config.client.data_dir;
    if (
      samePath(dataDir, goServiceDataDir(platform), platform) ||
      samePath(dataDir, goServiceDataDir('linux'), platform)
    ) {
      text = applyConfigEdits(text, [{ op: 'unset', key: 'client.data_dir' }]);
      notes.push(
        `removed data_dir = ${JSON.stringify(dataDir)} (the service's folder); the app's own data folder is used`,
      );
    }
  }
  const checked = text === original && from === to ? first : await validateConfigText(text, to, options);
  return { text, problems: checked.problems, sourceProblems: first.problems, notes, ok: checked.ok };
}

export async function importConfig(from: string, to: string, options: ImportOptions): Promise<ImportResult> {
  const prepared = await prepareImport(from, to, options);
  if (!prepared.ok && !options.allowInvalid) {
    return { imported: false, problems: prepared.problems, notes: prepared.notes };
  }
  await writeFileAtomic(to, prepared.text, { backupPath: backupPathFor(to) });
  return { imported: true, problems: prepared.problems, notes: [...prepared.notes, `copied ${from} to ${to}`] };
}
