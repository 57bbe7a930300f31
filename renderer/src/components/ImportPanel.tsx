// Importing an existing rport.conf: the usual places of an installed RPort client that exist here, or any
// file (a native dialog in the desktop app, a typed path in a browser). The file's problems and what the
// copy changes are shown first; replacing the config in use needs a confirmation and keeps it as .bak.
import { useEffect, useState } from 'react';
import type { ImportCandidate, ImportPreview } from '../../../main/shared/contract';
import { describeError } from '../store/app-store';
import { useApp, useClient } from '../store/store-context';
import { ProblemList } from '../views/RawConfigEditor';

interface Props {
  /** After a successful import (the setup leaves, the config view reloads). */
  onImported?(): void;
}

export function ImportPanel({ onImported }: Props) {
  const client = useClient();
  const notify = useApp((s) => s.notify);
  const dialogs = useApp((s) => s.settings?.capabilities.fileDialogs.available ?? false);
  const [candidates, setCandidates] = useState<ImportCandidate[] | null>(null);
  const [typedPath, setTypedPath] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void client.findImportCandidates().then((outcome) => {
      if (live) setCandidates(outcome.ok ? outcome.value.candidates : []);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const check = async (path: string) => {
    setBusy('preview');
    setError(null);
    setPreview(null);
    setConfirmed(false);
    try {
      const outcome = await client.previewImport({ path });
      if (!outcome.ok) return setError(describeError(outcome.error));
      setPreview(outcome.value);
    } finally {
      setBusy(null);
    }
  };

  const choose = async () => {
    const outcome = await client.chooseImportFile();
    if (!outcome.ok) return setError(describeError(outcome.error));
    if (outcome.value.path) await check(outcome.value.path);
  };

  const runImport = async () => {
    if (!preview) return;
    setBusy('import');
    setError(null);
    try {
      const outcome = await client.importConfig({ path: preview.path, replaceExisting: preview.replaces });
      if (!outcome.ok) return setError(describeError(outcome.error));
      if (!outcome.value.imported) {
        setPreview({ ...preview, problems: outcome.value.problems, canImport: false });
        return setError('Not imported: the file has errors.');
      }
      const kept = outcome.value.backupPath ? ` The previous config is kept as ${outcome.value.backupPath}.` : '';
      notify('info', `Imported ${preview.path}.${kept}`);
      setPreview(null);
      onImported?.();
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="import-panel" data-testid="import-panel">
      {candidates && candidates.length > 0 ? (
        <>
          <p className="small">Found on this machine:</p>
          <ul className="import-candidates" data-testid="import-candidates">
            {candidates.map((c) => (
              <li key={c.path} data-testid="import-candidate" data-path={c.path}>
                <code className="wrap">{c.path}</code>
                {c.readable ? (
                  <button type="button" disabled={busy !== null} onClick={() => void check(c.path)}>
                    Check
                  </button>
                ) : (
                  <span className="muted small">not readable by you (copy it with sudo first)</span>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : candidates ? (
        <p className="muted small" data-testid="import-none-found">
          No installed RPort client config was found in the usual places.
        </p>
      ) : null}
      {dialogs ? (
        <button type="button" data-testid="import-choose" disabled={busy !== null} onClick={() => void choose()}>
          Choose a file…
        </button>
      ) : (
        <form
          className="import-path"
          onSubmit={(e) => {
            e.preventDefault();
            void check(typedPath);
          }}
        >
          <label>
            <span>Path of an rport.conf on this machine</span>
            <input
              data-testid="import-path"
              className="mono"
              spellCheck={false}
              placeholder="/etc/rport/rport.conf"
              value={typedPath}
              onChange={(e) => setTypedPath(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="import-check" disabled={busy !== null || typedPath.trim() === ''}>
            {busy === 'preview' ? 'Checking…' : 'Check'}
          </button>
        </form>
      )}
      {error ? (
        <p className="banner banner-bad" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {preview ? (
        <div className="import-preview" data-testid="import-preview" data-can-import={String(preview.canImport)}>
          <p>
            <code className="wrap">{preview.path}</code>
          </p>
          <ProblemList problems={preview.problems} />
          {preview.notes.map((note) => (
            <p key={note} className="small muted" data-testid="import-note">
              {note}
            </p>
          ))}
          {preview.replaces ? (
            <label className="import-confirm">
              <input
                type="checkbox"
                data-testid="import-replace-confirm"
                checked={confirmed}
                onChange={(e) => setConfirmed(e.target.checked)}
              />
              <span>
                Replace the config in use (<code className="wrap">{preview.configPath}</code>). It is kept as{' '}
                <code className="wrap">{preview.backupPath}</code>.
              </span>
            </label>
          ) : null}
          <button
            type="button"
            className="primary"
            data-testid="import-submit"
            disabled={!preview.canImport || (preview.replaces && !confirmed) || busy !== null}
            title={preview.canImport ? undefined : 'Fix the errors in that file first'}
            onClick={() => void runImport()}
          >
            {busy === 'import' ? 'Importing…' : preview.replaces ? 'Replace and restart' : 'Import and connect'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
