// State changes, failovers and watchdog restarts, newest first.
import type { TimelineEntry } from '../../../main/shared/contract';
import { formatDateTime } from '../format';

export function TimelineList({ entries, limit = 50 }: { entries: TimelineEntry[]; limit?: number }) {
  const shown = entries.slice(-limit).reverse();
  if (shown.length === 0) return <p className="muted empty">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" data-testid="state-timeline">
      {shown.map((entry) => (
        <li
          key={entry.id}
          className={`timeline-${entry.kind} ${entry.state ? `state-${entry.state}` : ''}`}
          data-kind={entry.kind}
        >
          <span className="timeline-dot" aria-hidden="true" />
          <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
          <span className="timeline-text">{entry.text}</span>
        </li>
      ))}
    </ol>
  );
}
