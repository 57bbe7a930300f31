// Hands the store to the components; one store per window.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ContractClient } from '../../../main/shared/contract';
import type { AppActions, AppState, AppStore } from './app-store';

interface Context {
  store: AppStore;
  client: ContractClient;
}

const StoreContext = createContext<Context | null>(null);

export function StoreProvider({ store, client, children }: Context & { children: ReactNode }) {
  return <StoreContext.Provider value={{ store, client }}>{children}</StoreContext.Provider>;
}

function useContextValue(): Context {
  const value = useContext(StoreContext);
  if (!value) throw new Error('StoreProvider is missing');
  return value;
}

export function useApp<T>(selector: (state: AppState & AppActions) => T): T {
  return useStore(useContextValue().store, selector);
}

/** The client, for views with their own requests (config editor, setup, diagnostics). */
export function useClient(): ContractClient {
  return useContextValue().client;
}
