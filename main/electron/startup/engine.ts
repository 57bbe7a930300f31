// The engine and the app core (main/run's composition, built by electron-main's createCore) over
// Electron's utilityProcess host, with the native file dialogs modal to the window.
import type { Dialog } from 'electron';
import type { SettingsPort } from '../../app/core/app-ports';
import type { Preferences } from '../../config/preferences';
import type { SecretStore } from '../../config/secret-store';
import type { LogSink } from '../../logging/log-sink';
import { createFileDialogs } from '../dialogs/file-dialogs';
import type { DesktopState } from './desktop-state';
import type { CoreHandles, DesktopAppOptions } from './desktop-types';

export interface EngineStepDeps {
  options: Pick<DesktopAppOptions, 'createCore' | 'createWorkerHost'>;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  downloadsDir: () => string;
  secretStore: SecretStore;
  preferences: Preferences;
  settings: SettingsPort;
  sink: LogSink;
}

export async function setupEngine(deps: EngineStepDeps, state: DesktopState): Promise<CoreHandles> {
  const dialogs = createFileDialogs({
    dialog: deps.dialog,
    parent: () => (state.dialogParent && !state.dialogParent.isDestroyed() ? state.dialogParent : null),
    defaultSaveDir: deps.downloadsDir,
  });
  const engine = await deps.options.createCore({
    workerHost: deps.options.createWorkerHost(),
    secretStore: deps.secretStore,
    preferences: deps.preferences,
    settings: deps.settings,
    dialogs,
    sink: deps.sink,
  });
  state.engine = engine;
  return engine;
}
