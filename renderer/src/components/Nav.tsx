// The view switcher: links to each view's address (`#status`, `#config`, …) with aria-current, so they
// read and behave as navigation (open in a new tab, copy the address). A plain click switches the view
// in place; hash-route.ts keeps the address in step, and the tray and the back button reach every view.
import type { MouseEvent } from 'react';
import { hashOf, type ViewName } from '../view-names';
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
  const onClick = (e: MouseEvent<HTMLAnchorElement>, target: ViewName) => {
    // A modified click is the browser's (a new tab or window); a plain one switches here.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setView(target);
  };
  return (
    <nav className="app-nav" aria-label="Views">
      {views.map((item) => (
        <a
          key={item.view}
          href={hashOf(item.view)}
          data-testid={`nav-${item.view}`}
          aria-current={view === item.view ? 'page' : undefined}
          onClick={(e) => onClick(e, item.view)}
        >
          {item.label}
          {item.view === 'tunnels' && tunnelCount > 0 ? (
            <span className="count">
              {tunnelCount}
              <span className="sr-only"> open</span>
            </span>
          ) : null}
        </a>
      ))}
    </nav>
  );
}
