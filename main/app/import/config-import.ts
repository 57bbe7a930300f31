// Importing an installed Go client's rport.conf (or any file the user picks): the usual places that exist
// on this machine, and the copy prepared and validated by the config module without writing anything.
import { findImportCandidates, prepareImport } from '../../config/import-config';
import type { ImportCandidate } from '../../shared/contract';
import type { ConfigImportPort } from '../core/app-ports';

export interface ConfigImportOptions {
  defaultDataDir: string;
  /** The administrator's policy; default: the per-OS path (or RPORT_TRAY_POLICY), like the config service. */
  policyPath?: string | null;
  /** Tests list their own candidates. */
  candidates?: () => Promise<ImportCandidate[]>;
}

export function configImportPort(options: ConfigImportOptions): ConfigImportPort {
  return {
    candidates: options.candidates ?? (() => findImportCandidates()),
    async prepare(from, to) {
      const prepared = await prepareImport(from, to, {
        defaultDataDir: options.defaultDataDir,
        ...(options.policyPath !== undefined ? { policyPath: options.policyPath } : {}),
      });
      return {
        text: prepared.text,
        problems: prepared.problems,
        sourceProblems: prepared.sourceProblems,
        notes: prepared.notes,
      };
    },
  };
}
