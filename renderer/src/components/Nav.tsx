// The view switcher. Buttons with aria-current; the current view also shows in the URL fragment
// (hash-route.ts), so the tray and the back button can reach every view.
import type { ViewName } from '../view-names';
import { useApp } from '../store/store-context';

const VIEWS: { view: ViewName; label: string }[] = [
  { view: 'status', label: 'Status' },
  { view: 'servers', label: 'Servers' },
  { view: 'tunnels', label: 'Tunnels' },
  { view: 'activity', label: 'Activity' },
  { view: 'logs', label: 'Logs' },
  { view: 'config', label: 'Config' },
  { view: 'settings', label: 'Settings' },
];

export function Nav() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const setupNeeded = useApp((s) => s.status?.setupNeeded ?? false);
  const tunnelCount = useApp((s) => s.tunnels.filter((t) => t.closedAt === null).length);
  const views = setupNeeded ? [{ view: 'setup' as const, label: 'Setup' }, ...VIEWS] : VIEWS;
  return (
    <nav className="app-nav" aria-label="Views">
      {views.map((item) => (
        <button
          key={item.view}
          type="button"
          data-testid={`nav-${item.view}`}
          aria-current={view === item.view ? 'page' : undefined}
          onClick={() => setView(item.view)}
        >
          {item.label}
          {item.view === 'tunnels' && tunnelCount > 0 ? <span className="count">{tunnelCount}</span> : null}
        </button>
      ))}
    </nav>
  );
}
