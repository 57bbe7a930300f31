// The whole window over a fake app, as the renderer tests use it: the store loaded from the client's
// snapshot, following its events, the link up, opened on `view` (or where the store would start).
import { render } from '@testing-library/react';
import { App } from '../../../renderer/src/App';
import { createAppStore, type AppStore, type ViewName } from '../../../renderer/src/store/app-store';
import { StoreProvider } from '../../../renderer/src/store/store-context';
import type { FakeClient } from './fake-client';

export async function renderApp(client: FakeClient, view: ViewName | null = null): Promise<AppStore> {
  const store = createAppStore(client, { initialView: view });
  client.onEvent((m) => store.getState().receive(m));
  await store.getState().load();
  store.getState().setLink('open', null);
  render(
    <StoreProvider store={store} client={client}>
      <App />
    </StoreProvider>,
  );
  return store;
}
