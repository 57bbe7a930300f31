// conf, the preferences' store in Node, imported when first needed; here, apart from the preferences'
// schema (preferences.ts, zod), so that a run can hand the loader on without loading either (README
// "Memory").
import { importWithoutSignalHooks } from '../shared/import-without-signal-hooks';
import type { PreferencesBackend } from './preferences';

export type ConfStoreFactory = new (options: {
  cwd: string;
  configName: string;
  configFileMode: number;
}) => PreferencesBackend;

/**
 * conf, imported lazily (a process that never opens preferences never loads it) and without the signal
 * handlers its `when-exit` dependency installs (see importWithoutSignalHooks).
 */
export async function loadConf(): Promise<ConfStoreFactory> {
  const { default: Conf } = await importWithoutSignalHooks(() => import('conf'));
  return Conf as unknown as ConfStoreFactory;
}
