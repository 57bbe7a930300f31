// Config: the form and the raw TOML over one text, both checked live by the app; Save writes the file
// (comments kept, previous file kept) and restarts the engine with it. Nothing is saved while there is
// an error.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ImportPanel } from '../components/ImportPanel';
import { useKeepWindowWhileUnsaved } from '../keep-unsaved-edits';
import { createConfigEditorStore, hasErrors } from '../store/config-store';
import { useApp, useClient } from '../store/store-context';
import { ConfigFormView, fieldId } from './ConfigForm';
import { ProblemList, RawConfigEditor } from './RawConfigEditor';
import type { SaveEffect } from '../../../main/shared/contract';

export function ConfigView() {
  const client = useClient();
  const [store] = useState(() => createConfigEditorStore(client));
  const s = useStore(store);
  const revision = useApp((a) => a.configRevision);
  // Live: streams open and close while the user edits.
  const openStreams = useApp((a) => a.tunnels.filter((t) => t.closedAt === null).length);
  const [importing, setImporting] = useState(false);
  useKeepWindowWhileUnsaved(s.dirty);

  useEffect(() => {
    void store.getState().load();
    return () => store.getState().dispose();
  }, [store]);

  // The file changed elsewhere (setup, another window): show it, unless the user is in the middle of an edit.
  useEffect(() => {
    const current = store.getState();
    if (revision && current.phase === 'ready' && !current.dirty && current.document?.revision !== revision) {
      void current.load();
    }
  }, [revision, store]);

  // Opened by a "Fix" button (a refused password, a wrong fingerprint): the form, at that field.
  const configFocus = useApp((a) => a.configFocus);
  const configFocused = useApp((a) => a.configFocused);
  useEffect(() => {
    if (!configFocus || s.phase !== 'ready') return;
    if (s.mode !== 'form') return s.setMode('form');
    const field = document.getElementById(fieldId(configFocus));
    if (!field) return;
    field.scrollIntoView?.({ block: 'center' });
    field.focus();
    configFocused();
  }, [configFocus, configFocused, s]);

  if (s.phase === 'loading' && !s.document) return <p className="muted">Loading the config…</p>;
  if (s.phase === 'error') {
    return (
      <section className="view">
        <h1>Config</h1>
        <p className="bad" role="alert">
          {s.loadError}
        </p>
        <button type="button" onClick={() => void s.load()}>
          Try again
        </button>
      </section>
    );
  }
  const doc = s.document;
  const errors = hasErrors(s.problems);
  const lockedKeys = doc?.lockedKeys ?? [];
  const effect = s.dirty && !errors ? s.saveEffect : null;

  return (
    <section className="view" aria-labelledby="config-title" data-testid="config-editor">
      <div className="view-head">
        <h1 id="config-title">Config</h1>
        <span className="muted mono small wrap" title="The config file">
          {doc?.path}
        </span>
        <span className="grow" />
        <button
          type="button"
          data-testid="config-import"
          aria-expanded={importing}
          onClick={() => setImporting((open) => !open)}
        >
          Import…
        </button>
      </div>
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Editor">
          <button
            type="button"
            role="tab"
            aria-selected={s.mode === 'form'}
            data-testid="config-mode-form"
            onClick={() => s.setMode('form')}
          >
            Form
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={s.mode === 'raw'}
            data-testid="config-mode-raw"
            onClick={() => s.setMode('raw')}
          >
            Raw TOML
          </button>
        </div>
        <span className="grow" />
        <span className="muted small" aria-live="polite">
          {s.checking ? 'Checking…' : s.dirty ? 'Unsaved changes' : 'Saved'}
        </span>
        <button type="button" data-testid="config-revert" disabled={!s.dirty || s.saving} onClick={() => s.revert()}>
          Revert
        </button>
        <button
          type="button"
          className="primary"
          data-testid="config-save"
          disabled={!s.dirty || errors || s.saving}
          title={errors ? 'Fix the errors first' : undefined}
          onClick={() => void s.save()}
        >
          {s.saving ? 'Saving…' : effect && effect.kind !== 'reconnect' ? 'Save' : 'Save and restart'}
        </button>
      </div>
      {effect ? <SaveEffectNote effect={effect} openStreams={openStreams} /> : null}
      {importing ? (
        <section className="card import-card" aria-label="Import a config">
          <h2>Import an existing rport.conf</h2>
          <ImportPanel
            onImported={() => {
              setImporting(false);
              void store.getState().load();
            }}
          />
        </section>
      ) : null}
      {s.lastSave ? (
        <p
          className={s.lastSave.saved ? 'banner banner-good' : 'banner banner-bad'}
          role={s.lastSave.saved ? 'status' : 'alert'}
          data-testid="config-save-result"
          data-saved={s.lastSave.saved ? 'true' : 'false'}
        >
          {s.lastSave.message}
        </p>
      ) : null}
      {s.mode === 'raw' || !s.form ? (
        <>
          {!s.form && s.mode === 'form' ? (
            <p className="bad small">The text is not valid TOML, so the form is not available: fix it here.</p>
          ) : null}
          <RawConfigEditor text={s.text} problems={s.problems} lockedKeys={lockedKeys} onChange={s.editText} />
        </>
      ) : (
        <>
          <ConfigFormView
            form={s.form}
            problems={s.problems}
            lockedKeys={lockedKeys}
            hasPassword={s.hasPassword}
            passwordInKeychain={s.passwordInKeychain}
            onChange={s.editField}
          />
          <ProblemList problems={s.problems} onGoToField={(key) => document.getElementById(fieldId(key))?.focus()} />
        </>
      )}
    </section>
  );
}

/** What "Save" will do to the running engine, before it is pressed: above all, the tunnel streams it cuts. */
function SaveEffectNote({ effect, openStreams }: { effect: SaveEffect; openStreams: number }) {
  if (effect.kind === 'reconnect') {
    const streams = openStreams === 1 ? '1 open tunnel stream' : `${openStreams} open tunnel streams`;
    return (
      <p className={`small ${openStreams > 0 ? 'banner banner-warn' : 'muted'}`} data-testid="config-save-effect">
        Saving reconnects the engine ({effect.keys.join(', ')} changed)
        {openStreams > 0 ? `: ${streams} will be cut.` : '.'}
      </p>
    );
  }
  return (
    <p className="small muted" data-testid="config-save-effect">
      {effect.kind === 'live'
        ? 'Saving applies this without reconnecting: open tunnel streams stay open.'
        : 'Nothing the engine uses changes: saving keeps it running as it is.'}
    </p>
  );
}
