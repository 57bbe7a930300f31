// The window's store (zustand): the app's data as snapshot + events, the link state, the current view,
// and the actions that call the app through the ContractClient.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ConfigFieldKey,
  ContractClient,
  ContractError,
  EventMessage,
  PreferencesPatch,
  RequestOutcome,
  Settings,
} from '../../../main/shared/contract';
import type { ViewName } from '../view-names';
import { applyEvent, applySnapshot, initialDataState, type DataState } from './reducers';

export type { ViewName } from '../view-names';
export type LinkState = 'connecting' | 'open' | 'closed';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface AppState extends DataState {
  link: LinkState;
  linkDetail: string | null;
  view: ViewName;
  notices: Notice[];
  /** Actions in flight, by name, so their buttons can show it and not be pressed twice. */
  busy: Record<string, boolean>;
  /** A config form field to bring into view and focus when the Config view shows (a "Fix" button). */
  configFocus: ConfigFieldKey | null;
}

export interface AppActions {
  setView(view: ViewName): void;
  /** Opens the Config view's form at this field. */
  openConfigField(key: ConfigFieldKey): void;
  /** The Config view focused the field it was asked for. */
  configFocused(): void;
  setLink(link: LinkState, detail: string | null): void;
  /** Loads the snapshot and starts following events. */
  load(): Promise<void>;
  receive(message: EventMessage): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  restartEngine(): Promise<void>;
  retry(): Promise<void>;
  switchServer(index: number): Promise<void>;
  setRemoteCommandsBlocked(blocked: boolean): Promise<void>;
  /** Changes preferences; true when the app took them. */
  updatePreferences(patch: PreferencesPatch): Promise<boolean>;
  setPasswordStorage(storage: 'keychain' | 'file'): Promise<boolean>;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

export type AppStore = StoreApi<AppState & AppActions>;

export interface AppStoreOptions {
  /** The view named by the URL fragment at start; null: the status view (or the setup, when needed). */
  initialView?: ViewName | null;
}

export function createAppStore(client: ContractClient, options: AppStoreOptions = {}): AppStore {
  let noticeId = 0;
  // A view the user asked for by URL wins over the setup on a first start (the setup stays in the nav).
  const viewChosen = (options.initialView ?? null) !== null;
  // Events that arrive while the snapshot is loading are kept and replayed on top of it.
  let buffered: EventMessage[] | null = null;

  return createStore<AppState & AppActions>()((set, get) => {
    const run = async (name: string, call: () => Promise<RequestOutcome<unknown>>): Promise<boolean> => {
      set((s) => ({ busy: { ...s.busy, [name]: true } }));
      try {
        const outcome = await call();
        if (!outcome.ok) get().notify('error', describeError(outcome.error));
        return outcome.ok;
      } finally {
        set((s) => ({ busy: { ...s.busy, [name]: false } }));
      }
    };

    const withSettings = async (name: string, call: () => Promise<RequestOutcome<Settings>>): Promise<boolean> => {
      let settings: Settings | null = null;
      const ok = await run(name, async () => {
        const outcome = await call();
        if (outcome.ok) settings = outcome.value;
        return outcome;
      });
      if (settings) set({ settings });
      return ok;
    };

    return {
      ...initialDataState,
      link: 'connecting',
      linkDetail: null,
      view: options.initialView ?? 'status',
      notices: [],
      busy: {},
      configFocus: null,

      // The setup is a view only while there is no config.
      setView: (view) => set({ view: view === 'setup' && get().status?.setupNeeded === false ? 'status' : view }),
      openConfigField: (key) => set({ configFocus: key, view: 'config' }),
      configFocused: () => set({ configFocus: null }),
      setLink: (link, linkDetail) => {
        const wasClosed = get().link === 'closed';
        set({ link, linkDetail });
        // After a lost link the app may have restarted: its snapshot is the only truth.
        if (link === 'open' && wasClosed) void get().load();
      },
      load: async () => {
        buffered = [];
        const outcome = await client.getSnapshot();
        const pending = buffered;
        buffered = null;
        if (!outcome.ok) {
          get().notify('error', describeError(outcome.error));
          return;
        }
        let state: DataState = applySnapshot(get(), outcome.value);
        for (const message of pending) state = applyEvent(state, message);
        const firstLoad = !get().loaded;
        set({ ...state });
        if (firstLoad && outcome.value.status.setupNeeded && !viewChosen) set({ view: 'setup' });
        else if (get().view === 'setup' && !outcome.value.status.setupNeeded) set({ view: 'status' });
      },
      receive: (message) => {
        if (buffered) {
          buffered.push(message);
          return;
        }
        if (!get().loaded) return;
        const next = applyEvent(get(), message);
        // Set up elsewhere (another window, an import): the setup view has nothing left to do.
        const leaveSetup = get().view === 'setup' && next.status?.setupNeeded === false;
        set(leaveSetup ? { ...next, view: 'status' } : next);
      },
      pause: async () => void (await run('pause', () => client.pause())),
      resume: async () => void (await run('resume', () => client.resume())),
      restartEngine: async () => {
        if (await run('restartEngine', () => client.restartEngine())) get().notify('info', 'Restarting the engine');
      },
      retry: async () => void (await run('retry', () => client.retry())),
      switchServer: async (index) => void (await run(`switchServer:${index}`, () => client.switchServer({ index }))),
      setRemoteCommandsBlocked: async (blocked) =>
        void (await run('setRemoteCommandsBlocked', () => client.setRemoteCommandsBlocked({ blocked }))),
      updatePreferences: (patch) => withSettings('updatePreferences', () => client.updatePreferences(patch)),
      setPasswordStorage: (storage) => withSettings('setPasswordStorage', () => client.setPasswordStorage({ storage })),
      notify: (kind, text) => {
        const id = ++noticeId;
        set((s) => ({ notices: [...s.notices.slice(-3), { id, kind, text }] }));
      },
      dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    };
  });
}

export function describeError(error: ContractError): string {
  return error.code === 'unavailable' ? `The app is not reachable: ${error.message}` : error.message;
}
