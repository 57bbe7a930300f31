// The config editor's state: the masked text being edited, its problems (checked live by the app), the
// form values, and the save. Raw edits are checked after a short pause; form edits are sent as changes
// and come back as a new text with the user's comments kept.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ConfigDocument,
  ConfigFieldKey,
  ConfigForm,
  ContractClient,
  SaveEffect,
} from '../../../main/shared/contract';
import { describeError } from './app-store';

export type ConfigProblem = ConfigDocument['problems'][number];
export type EditorMode = 'form' | 'raw';

export interface SaveResult {
  saved: boolean;
  message: string;
}

export interface ConfigEditorState {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  document: ConfigDocument | null;
  text: string;
  problems: ConfigProblem[];
  form: ConfigForm | null;
  hasPassword: boolean;
  /** The password is kept in the OS keychain (a typed one goes there too). */
  passwordInKeychain: boolean;
  dirty: boolean;
  checking: boolean;
  saving: boolean;
  lastSave: SaveResult | null;
  mode: EditorMode;
  /** What saving the text would do to the running engine (from the last check); null when unknown. */
  saveEffect: SaveEffect | null;
}

export interface ConfigEditorActions {
  load(): Promise<void>;
  setMode(mode: EditorMode): void;
  editText(text: string): void;
  editField<K extends ConfigFieldKey>(key: K, value: ConfigForm[K]): void;
  /** Sends what is still waiting (debounced check or form changes) and waits for the answer. */
  flush(): Promise<void>;
  save(): Promise<void>;
  revert(): void;
  dispose(): void;
}

export type ConfigEditorStore = StoreApi<ConfigEditorState & ConfigEditorActions>;

export const CHECK_DELAY_MS = 250;
export const PATCH_DELAY_MS = 300;

function savedMessage(applied: 'restarted' | 'live' | 'unchanged' | undefined, restarted: boolean): string {
  if (applied === 'live') return 'Saved. Applied without reconnecting: open tunnel streams stay open.';
  if (applied === 'unchanged') return 'Saved. Nothing the engine uses changed: it keeps running as it is.';
  return restarted ? 'Saved. The engine restarted with the new config.' : 'Saved.';
}

export function hasErrors(problems: ConfigProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The editor showing a document as it is on disk: its text, problems and form, nothing unsaved. */
function showing(doc: ConfigDocument): Partial<ConfigEditorState> {
  return {
    document: doc,
    text: doc.text,
    problems: doc.problems,
    form: doc.form,
    hasPassword: doc.hasPassword,
    passwordInKeychain: doc.passwordInKeychain,
    dirty: false,
    saveEffect: null,
  };
}

export function createConfigEditorStore(client: ContractClient): ConfigEditorStore {
  let checkTimer: ReturnType<typeof setTimeout> | null = null;
  let patchTimer: ReturnType<typeof setTimeout> | null = null;
  let pendingChanges: Partial<ConfigForm> = {};
  /** Bumped by every raw edit; an answer about an older text is dropped. */
  let textVersion = 0;
  let inFlight: Promise<void> = Promise.resolve();

  return createStore<ConfigEditorState & ConfigEditorActions>()((set, get) => {
    const track = (work: Promise<void>): Promise<void> => {
      inFlight = inFlight.then(() => work);
      return work;
    };

    const runCheck = async (): Promise<void> => {
      checkTimer = null;
      const version = textVersion;
      const text = get().text;
      set({ checking: true });
      const outcome = await client.checkConfig({ text });
      // Nothing else is in flight now (a newer text waits for its own timer): never leave "Checking…" up.
      set({ checking: false });
      if (version !== textVersion) return;
      if (!outcome.ok) {
        set({ lastSave: { saved: false, message: describeError(outcome.error) } });
        return;
      }
      set({
        problems: outcome.value.problems,
        form: outcome.value.form,
        hasPassword: outcome.value.hasPassword,
        passwordInKeychain: outcome.value.passwordInKeychain,
        saveEffect: outcome.value.saveEffect ?? null,
      });
    };

    const runPatch = async (): Promise<void> => {
      patchTimer = null;
      const changes = pendingChanges;
      pendingChanges = {};
      if (Object.keys(changes).length === 0) return;
      const version = textVersion;
      set({ checking: true });
      const outcome = await client.patchConfig({ text: get().text, changes });
      set({ checking: false });
      if (version !== textVersion) return;
      if (!outcome.ok) {
        set({ lastSave: { saved: false, message: describeError(outcome.error) } });
        return;
      }
      const draft = outcome.value;
      // Changes typed while this one was on its way stay on screen and go out next.
      const form = draft.form ? { ...draft.form, ...pendingChanges } : draft.form;
      set({
        text: draft.text,
        problems: draft.problems,
        form,
        hasPassword: draft.hasPassword,
        passwordInKeychain: draft.passwordInKeychain,
        dirty: true,
        saveEffect: draft.saveEffect ?? null,
      });
    };

    return {
      phase: 'loading',
      loadError: null,
      document: null,
      text: '',
      problems: [],
      form: null,
      hasPassword: false,
      passwordInKeychain: false,
      dirty: false,
      checking: false,
      saving: false,
      lastSave: null,
      mode: 'form',
      saveEffect: null,

      load: async () => {
        set({ phase: 'loading' });
        const outcome = await client.getConfig();
        if (!outcome.ok) {
          set({ phase: 'error', loadError: describeError(outcome.error) });
          return;
        }
        textVersion += 1;
        pendingChanges = {};
        set({ phase: 'ready', loadError: null, ...showing(outcome.value) });
      },

      setMode: (mode) => {
        void get().flush();
        set({ mode });
      },

      editText: (text) => {
        textVersion += 1;
        pendingChanges = {};
        if (patchTimer) clearTimeout(patchTimer);
        patchTimer = null;
        set({ text, dirty: text !== get().document?.text, lastSave: null });
        if (checkTimer) clearTimeout(checkTimer);
        checkTimer = setTimeout(() => void track(runCheck()), CHECK_DELAY_MS);
      },

      editField: (key, value) => {
        const form = get().form;
        if (!form) return;
        pendingChanges = { ...pendingChanges, [key]: value };
        set({ form: { ...form, [key]: value }, dirty: true, lastSave: null });
        if (patchTimer) clearTimeout(patchTimer);
        patchTimer = setTimeout(() => void track(runPatch()), PATCH_DELAY_MS);
      },

      flush: async () => {
        if (checkTimer) {
          clearTimeout(checkTimer);
          await track(runCheck());
        }
        if (patchTimer) {
          clearTimeout(patchTimer);
          await track(runPatch());
        }
        await inFlight;
      },

      save: async () => {
        await get().flush();
        const { text, document } = get();
        set({ saving: true, lastSave: null });
        try {
          const outcome = await client.saveConfig(
            document?.exists ? { text, baseRevision: document.revision } : { text },
          );
          if (!outcome.ok) {
            set({ lastSave: { saved: false, message: describeError(outcome.error) } });
            return;
          }
          const result = outcome.value;
          if (!result.saved || !result.document) {
            const errors = result.problems.filter((p) => p.severity === 'error').length;
            set({
              problems: result.problems,
              lastSave: { saved: false, message: `Not saved: ${errors} error${errors === 1 ? '' : 's'} to fix first.` },
            });
            return;
          }
          textVersion += 1;
          set({
            ...showing(result.document),
            lastSave: {
              saved: true,
              message: savedMessage(result.applied, result.restarted),
            },
          });
        } finally {
          set({ saving: false });
        }
      },

      revert: () => {
        const doc = get().document;
        if (!doc) return;
        textVersion += 1;
        pendingChanges = {};
        set({ ...showing(doc), lastSave: null });
      },

      dispose: () => {
        if (checkTimer) clearTimeout(checkTimer);
        if (patchTimer) clearTimeout(patchTimer);
        checkTimer = null;
        patchTimer = null;
      },
    };
  });
}
