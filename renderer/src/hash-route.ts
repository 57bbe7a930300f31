// Keeps the current view and the URL fragment in step, both ways: choosing a view sets `#view` (so the
// browser's back button walks the views), and a fragment change (the Electron tray loading `#config`
// into the open window, a typed URL, back/forward) chooses the view.
import type { AppStore } from './store/app-store';
import { hashOf, viewFromHash } from './view-names';

export function bindHashRoute(store: AppStore, win: Window): () => void {
  const onHashChange = (): void => {
    const view = viewFromHash(win.location.hash);
    if (view !== null && view !== store.getState().view) store.getState().setView(view);
  };
  win.addEventListener('hashchange', onHashChange);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.view === previous.view) return;
    if (viewFromHash(win.location.hash) !== state.view) win.location.hash = hashOf(state.view);
  });
  // The view the store settled on at start (the fragment's, or the setup's) shows in the address too.
  const current = store.getState().view;
  if (viewFromHash(win.location.hash) !== current) win.history.replaceState(null, '', hashOf(current));
  return () => {
    win.removeEventListener('hashchange', onHashChange);
    unsubscribe();
  };
}
