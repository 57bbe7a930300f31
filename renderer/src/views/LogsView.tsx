// Logs: live, filterable by level and text, copyable, and the "Export diagnostics" button.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLevel } from '../../../main/shared/contract';
import type { LogLine } from '../store/data-types';
import { copyText, downloadBase64 } from '../download';
import { formatTime } from '../format';
import { useApp, useClient } from '../store/store-context';
import { describeError } from '../store/app-store';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** The indexes of the lines that pass the level and text filters, in order. */
export function matchingLines(lines: LogLine[], level: LogLevel, text: string): number[] {
  const needle = text.trim().toLowerCase();
  const matches: number[] = [];
  lines.forEach((line, i) => {
    if (
      SEVERITY[line.level] <= SEVERITY[level] &&
      (needle === '' || line.message.toLowerCase().includes(needle) || line.source.toLowerCase().includes(needle))
    )
      matches.push(i);
  });
  return matches;
}

export function formatLogText(line: LogLine): string {
  return `${new Date(line.at).toISOString()} ${line.level.toUpperCase()} [${line.source}] ${line.message}`;
}

export function LogsView() {
  const logs = useApp((s) => s.logs);
  const logsDropped = useApp((s) => s.logsDropped);
  const notify = useApp((s) => s.notify);
  const client = useClient();
  const [level, setLevel] = useState<LogLevel>('debug');
  const [text, setText] = useState('');
  const [exporting, setExporting] = useState(false);
  // The desktop app saves through a native dialog in main; a browser downloads the zip.
  const nativeSave = useApp((s) => s.settings?.capabilities.fileDialogs.available ?? false);
  const shown = useMemo(() => matchingLines(logs, level, text), [logs, level, text]);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const onCopy = async () => {
    const ok = await copyText(shown.map((i) => formatLogText(logs[i]!)).join('\n'));
    notify(ok ? 'info' : 'error', ok ? `Copied ${shown.length} lines` : 'Copying was refused by the browser');
  };

  const onExport = async () => {
    setExporting(true);
    try {
      if (nativeSave) {
        const saved = await client.saveDiagnostics();
        if (!saved.ok) return notify('error', describeError(saved.error));
        if (saved.value.saved) notify('info', `Diagnostics saved to ${saved.value.path ?? ''}`);
        return;
      }
      const outcome = await client.exportDiagnostics();
      if (!outcome.ok) return notify('error', describeError(outcome.error));
      downloadBase64(outcome.value.fileName, outcome.value.base64, 'application/zip');
      notify('info', `Diagnostics saved as ${outcome.value.fileName}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="view view-fill" aria-labelledby="logs-title">
      <h1 id="logs-title">Logs</h1>
      <div className="toolbar">
        <label>
          <span>Level</span>
          <select data-testid="log-filter-level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            <option value="error">errors</option>
            <option value="warn">warnings and up</option>
            <option value="info">info and up</option>
            <option value="debug">everything</option>
          </select>
        </label>
        <label className="grow">
          <span>Filter</span>
          <input
            type="search"
            data-testid="log-filter-text"
            placeholder="text or source"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="button" data-testid="log-copy" onClick={() => void onCopy()} disabled={shown.length === 0}>
          Copy
        </button>
        <button type="button" data-testid="export-diagnostics" onClick={() => void onExport()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export diagnostics'}
        </button>
      </div>
      <div
        className="log-view"
        data-testid="log-view"
        ref={listRef}
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 ? <p className="muted empty">No log lines match.</p> : null}
        {shown.map((i) => (
          // A line keeps its key while it is shown: a new line adds one row instead of redrawing them all.
          <LogRow key={logsDropped + i} line={logs[i]!} />
        ))}
      </div>
      <p className="muted small">
        {shown.length} of {logs.length} lines
      </p>
    </section>
  );
}

const LogRow = memo(function LogRow({ line }: { line: LogLine }) {
  return (
    <div className={`log-line level-${line.level}`} data-testid="log-line" data-level={line.level}>
      <time>{formatTime(line.at)}</time>
      <span className="log-level">{line.level}</span>
      <span className="log-source">{line.source}</span>
      <span className="log-message">{line.message}</span>
    </div>
  );
});
