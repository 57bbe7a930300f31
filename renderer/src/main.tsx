// Window entry: picks the transport (Electron bridge or WebSocket), loads the snapshot, follows events.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickClient } from './client/pick-client';
import { bindHashRoute } from './hash-route';
import { createAppStore, type AppStore, type LinkState } from './store/app-store';
import { StoreProvider } from './store/store-context';
import { viewFromHash } from './view-names';
import './styles.css';

let store: AppStore | null = null;
// The bridge reports its link before the store exists; keep the last report and hand it over.
let initialLink: [LinkState, string | null] = ['connecting', null];
const client = pickClient((state, detail) => {
  initialLink = [state, detail];
  store?.getState().setLink(state, detail);
});
store = createAppStore(client, { initialView: viewFromHash(window.location.hash) });
const ready = store;
bindHashRoute(ready, window);
ready.getState().setLink(...initialLink);
client.onEvent((message) => ready.getState().receive(message));
void ready.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={ready} client={client}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
