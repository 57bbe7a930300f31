// Short messages about actions (an error from the app, "copied"), dismissable, announced to screen readers.
import { useEffect } from 'react';
import { useApp } from '../store/store-context';

export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismiss);
  const link = useApp((s) => s.link);
  const linkDetail = useApp((s) => s.linkDetail);

  useEffect(() => {
    const infos = notices.filter((n) => n.kind === 'info');
    if (infos.length === 0) return;
    const timer = setTimeout(() => infos.forEach((n) => dismiss(n.id)), 4000);
    return () => clearTimeout(timer);
  }, [notices, dismiss]);

  return (
    <div className="notices" aria-live="assertive">
      {link !== 'open' ? (
        <div className="notice notice-warn" data-testid="link-state">
          {link === 'connecting' ? 'Connecting to the app…' : (linkDetail ?? 'The connection to the app was lost')}
        </div>
      ) : null}
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <span>{n.text}</span>
          <button type="button" className="link" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
