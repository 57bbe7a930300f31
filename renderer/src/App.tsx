// The window: header with the state and actions, the view switcher, and the current view.
import { useEffect, type MouseEvent } from 'react';
import { ConfigIssueBanner } from './components/ConfigIssueBanner';
import { DataDirBanner } from './components/DataDirBanner';
import { Header } from './components/Header';
import { Nav } from './components/Nav';
import { Notices } from './components/Notices';
import { useApp } from './store/store-context';
import { applyTheme } from './theme';
import { ActivityView } from './views/ActivityView';
import { ConfigView } from './views/ConfigView';
import { LogsView } from './views/LogsView';
import { ServersView } from './views/ServersView';
import { SettingsView } from './views/SettingsView';
import { SetupView } from './views/SetupView';
import { StatusView } from './views/StatusView';
import { TunnelsView } from './views/TunnelsView';

export function App() {
  const loaded = useApp((s) => s.loaded);
  const view = useApp((s) => s.view);
  const theme = useApp((s) => s.settings?.preferences.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
  return (
    <div className="app">
      <a className="skip-link" href="#main-content" data-testid="skip-link" onClick={skipToContent}>
        Skip to the content
      </a>
      <Header />
      <div className="app-body">
        <Nav />
        <main className="app-main" id="main-content" tabIndex={-1} data-view={view}>
          {!loaded ? (
            <p className="muted loading">Loading…</p>
          ) : (
            <>
              <ConfigIssueBanner />
              <DataDirBanner />
              <CurrentView />
            </>
          )}
        </main>
      </div>
      <Notices />
    </div>
  );
}

/**
 * Moves the focus into the view. The link's own `#main-content` would change the address, which names the
 * view (hash-route.ts); so the focus is moved here instead, and the address stays.
 */
function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const main = document.getElementById('main-content');
  main?.focus();
  main?.scrollIntoView?.({ block: 'start' });
}

function CurrentView() {
  const view = useApp((s) => s.view);
  switch (view) {
    case 'status':
      return <StatusView />;
    case 'servers':
      return <ServersView />;
    case 'tunnels':
      return <TunnelsView />;
    case 'activity':
      return <ActivityView />;
    case 'logs':
      return <LogsView />;
    case 'config':
      return <ConfigView />;
    case 'settings':
      return <SettingsView />;
    case 'setup':
      return <SetupView />;
  }
}
