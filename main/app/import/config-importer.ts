// The import half of the app core: the candidates, a preview (the file's problems at its own lines, what
// the copy changes, whether a config would be replaced), and the checks before a copy is written. The
// core writes it and restarts the engine, like a save from the window.
import path from 'node:path';
import type { ImportCandidate, ImportOutcome, ImportPreview } from '../../shared/contract';
import { backupPathFor } from '../../config/atomic-write';
import type { RportConfig } from '../../shared/types/config-types';
import { hasErrors } from '../../config/problems';
import type { ConfigImportPort, ConfigPort, PreparedImport } from '../core/app-ports';
import { AppError } from '../core/app-error';
import { importReadError } from './import-read-error';

export interface ConfigImporterDeps {
  configPath: string;
  config: ConfigPort;
  imports: ConfigImportPort;
  /** A previewed file's text: its secrets must stay on the main side like the config in use. */
  onFileRead(text: string): void;
}

/** A copy ready to be written, or the outcome that says why not. */
export type ImportPlan =
  | { ready: false; outcome: ImportOutcome }
  | {
      ready: true;
      source: string;
      text: string;
      config: RportConfig;
      backupPath: string | null;
      outcome: ImportOutcome;
    };

export class ConfigImporter {
  constructor(private readonly deps: ConfigImporterDeps) {}

  async candidates(): Promise<ImportCandidate[]> {
    const own = path.resolve(this.deps.configPath);
    return (await this.deps.imports.candidates()).filter((c) => path.resolve(c.path) !== own);
  }

  async preview(from: string): Promise<ImportPreview> {
    const source = this.source(from);
    const prepared = await this.prepare(source);
    return {
      path: source,
      problems: prepared.sourceProblems,
      notes: prepared.notes,
      canImport: !hasErrors(prepared.problems),
      configPath: this.deps.configPath,
      replaces: await this.configExists(),
      backupPath: backupPathFor(this.deps.configPath),
    };
  }

  /** Everything short of writing: a copy with errors is refused, a config in use only replaced when told to. */
  async plan(from: string, replaceExisting: boolean): Promise<ImportPlan> {
    const { configPath } = this.deps;
    const source = this.source(from);
    const prepared = await this.prepare(source);
    const refused = (problems: ImportOutcome['problems']): ImportPlan => ({
      ready: false,
      outcome: { imported: false, problems, notes: prepared.notes, backupPath: null },
    });
    if (hasErrors(prepared.problems)) return refused(prepared.sourceProblems);
    const exists = await this.configExists();
    if (exists && !replaceExisting) {
      throw new AppError(
        'conflict',
        `${configPath} exists: importing replaces it (the current file is kept as ${backupPathFor(configPath)}); ` +
          'confirm to go ahead',
      );
    }
    const validated = this.deps.config.validate(prepared.text, configPath);
    if (validated.config === null) return refused(validated.problems);
    const backupPath = exists ? backupPathFor(configPath) : null;
    return {
      ready: true,
      source,
      text: prepared.text,
      config: validated.config,
      backupPath,
      outcome: {
        imported: true,
        problems: prepared.problems,
        notes: [...prepared.notes, `copied ${source} to ${configPath}`],
        backupPath,
      },
    };
  }

  private source(from: string): string {
    const source = path.resolve(from);
    if (source === path.resolve(this.deps.configPath)) {
      throw new AppError('invalid-request', `${source} is the config in use already`);
    }
    return source;
  }

  private async prepare(source: string): Promise<PreparedImport> {
    const prepared = await this.deps.imports
      .prepare(source, this.deps.configPath)
      .catch((err: unknown) => Promise.reject(importReadError(source, err)));
    this.deps.onFileRead(prepared.text);
    return prepared;
  }

  private async configExists(): Promise<boolean> {
    return (await this.deps.config.readText(this.deps.configPath)) !== null;
  }
}
