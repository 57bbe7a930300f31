// One handler per contract request, each a one-liner onto the app core. Params arrive already
// validated by the contract's schemas; results are checked again on the way out.
import type { ParsedParams, RequestName, RequestResult } from '../../shared/contract';
import type { AppCore } from './app-core';

export type RequestHandlers = {
  [N in RequestName]: (params: ParsedParams<N>) => Promise<RequestResult<N>>;
};

export function createRequestHandlers(core: AppCore): RequestHandlers {
  return {
    getSnapshot: async () => core.snapshot(),
    pause: async () => (core.pause(), null),
    resume: async () => (core.resume(), null),
    restartEngine: async () => (core.restartEngine(), null),
    retry: async () => (core.retry(), null),
    switchServer: async ({ index }) => (core.switchServer(index), null),
    setRemoteCommandsBlocked: async ({ blocked }) => (core.setRemoteCommandsBlocked(blocked), null),
    getConfig: () => core.getConfig(),
    checkConfig: async ({ text }) => core.checkConfig(text),
    patchConfig: async ({ text, changes }) => core.patchConfig(text, changes),
    saveConfig: ({ text, baseRevision }) => core.saveConfig(text, baseRevision),
    exportDiagnostics: () => core.exportDiagnostics(),
    saveDiagnostics: () => core.saveDiagnostics(),
    testConnection: (input) => core.testConnection(input),
    completeSetup: (input) => core.completeSetup(input),
    getPreferences: async () => core.settings(),
    updatePreferences: (patch) => core.updatePreferences(patch),
    setPasswordStorage: ({ storage }) => core.setPasswordStorage(storage),
    findImportCandidates: () => core.findImportCandidates(),
    chooseImportFile: () => core.chooseImportFile(),
    previewImport: ({ path }) => core.previewImport(path),
    importConfig: ({ path, replaceExisting }) => core.importConfig(path, replaceExisting),
    findInstalledServices: () => core.findInstalledServices(),
    setConnection: (patch) => core.setConnection(patch),
  };
}
