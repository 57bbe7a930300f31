// Importing an existing rport.conf (an installed Go client's, or any file the user picks).
import * as z from '../zod-mini';
import { configProblemSchema } from './config-editing';

/** A path typed or picked by the user. */
export const importPathSchema = z.string().check(z.trim(), z.minLength(1, 'the path is required'), z.maxLength(4096));

export const importCandidateSchema = z.object({
  path: z.string(),
  /** False when the file exists but this user cannot read it (a service's config is often root-only). */
  readable: z.boolean(),
});
export type ImportCandidate = z.infer<typeof importCandidateSchema>;

/** What importing a file would do, shown before anything is written. */
export const importPreviewSchema = z.object({
  path: z.string(),
  /** The file's problems, with lines as in that file. */
  problems: z.array(configProblemSchema),
  /** What the copy changes on the way (e.g. a service's data_dir removed). */
  notes: z.array(z.string()),
  /** False when the copy would have errors: nothing is imported then. */
  canImport: z.boolean(),
  /** Where the copy goes (the config file in use). */
  configPath: z.string(),
  /** True when a config exists there already: importing replaces it (it is kept as `backupPath`). */
  replaces: z.boolean(),
  backupPath: z.string(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importOutcomeSchema = z.object({
  imported: z.boolean(),
  problems: z.array(configProblemSchema),
  notes: z.array(z.string()),
  /** The previous config, kept by the atomic writer; null when there was none. */
  backupPath: z.nullable(z.string()),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;
