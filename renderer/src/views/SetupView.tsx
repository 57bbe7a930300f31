// First start: the server, the credentials and the fingerprint, and what the server may do here (remote
// commands, file reception, monitoring: on by default, as in the RPort client, and said so); "Test
// connection" names the step that fails (name lookup, TCP, WebSocket, SSH, fingerprint, auth); "Save and
// connect" writes the config and starts the engine, or, when the server cannot be reached now, "Save
// anyway" does without the test. Where there is a keychain the password can go there instead of the file.
// Or an existing rport.conf (an installed RPort client's) is imported.
import { useState, type FormEvent } from 'react';
import type { ConnectionTestReport, SetupInput } from '../../../main/shared/contract';
import { ImportPanel } from '../components/ImportPanel';
import { ServiceOffer } from '../components/ServiceOffer';
import { CONNECTION_STEP_LABELS, STEP_STATUS_LABELS, UNREACHABLE_STEPS } from '../labels/connection-steps';
import { SETUP_FEATURES, type SetupFeatures } from '../labels/setup-features';
import { describeError } from '../store/app-store';
import { useApp, useClient } from '../store/store-context';

export function SetupView() {
  const client = useClient();
  const setView = useApp((s) => s.setView);
  const notify = useApp((s) => s.notify);
  const configPath = useApp((s) => s.status?.configPath ?? '');
  const keychain = useApp((s) => s.settings?.capabilities.keychain ?? null);
  // Safer by default where the OS offers a keychain.
  const [useKeychain, setUseKeychain] = useState(true);
  const [server, setServer] = useState('');
  const [fallbacks, setFallbacks] = useState('');
  const [authId, setAuthId] = useState('');
  const [password, setPassword] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [features, setFeatures] = useState<SetupFeatures>({
    remoteCommands: true,
    fileReception: true,
    monitoring: true,
  });
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const input = (): SetupInput => ({
    server,
    fallbackServers: fallbacks
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    authId,
    password,
    fingerprint,
  });

  const onTest = async () => {
    setBusy('test');
    setError(null);
    setReport(null);
    try {
      const outcome = await client.testConnection(input());
      if (!outcome.ok) return setError(describeError(outcome.error));
      setReport(outcome.value);
    } finally {
      setBusy(null);
    }
  };

  const save = async (skipTest: boolean) => {
    setBusy('save');
    setError(null);
    try {
      const keep = keychain?.available === true && useKeychain;
      const outcome = await client.completeSetup({
        ...input(),
        features,
        ...(keep ? { keepPasswordInKeychain: true } : {}),
        ...(skipTest ? { skipTest: true } : {}),
      });
      if (!outcome.ok) return setError(describeError(outcome.error));
      if (outcome.value.report) setReport(outcome.value.report);
      if (!outcome.value.saved) {
        const problems = outcome.value.problems.map((p) => `${p.key}: ${p.message}`).join('; ');
        return setError(problems || 'The connection test failed; nothing was saved.');
      }
      notify('info', 'Saved. Connecting…');
      setView('status');
    } finally {
      setBusy(null);
    }
  };
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };
  // The server cannot be reached now (not a refusal of these credentials): the config may still be right.
  const unreachable =
    report !== null && !report.ok && report.failedStep !== null && UNREACHABLE_STEPS.includes(report.failedStep);

  return (
    <section className="view narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up RPort Tray</h1>
      <ServiceOffer />
      <p className="muted">
        No config yet. Enter your rportd server and client credentials; they are written to{' '}
        <code className="wrap">{configPath}</code>.
      </p>
      <form className="setup-form" onSubmit={onSave}>
        <label>
          Server
          <input
            data-testid="setup-server"
            required
            placeholder="rport.example.com:8080"
            value={server}
            onChange={(e) => setServer(e.target.value)}
          />
        </label>
        <label>
          <span>
            Fallback servers <span className="muted">(optional, one per line)</span>
          </span>
          <textarea
            data-testid="setup-fallbacks"
            rows={2}
            value={fallbacks}
            onChange={(e) => setFallbacks(e.target.value)}
          />
        </label>
        <div className="row">
          <label>
            Client auth ID
            <input
              data-testid="setup-auth-id"
              required
              autoComplete="username"
              value={authId}
              onChange={(e) => setAuthId(e.target.value)}
            />
          </label>
          <label>
            Password
            <input
              data-testid="setup-password"
              required
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </div>
        <label>
          <span>
            Server fingerprint <span className="muted">(recommended)</span>
          </span>
          <input
            data-testid="setup-fingerprint"
            className="mono"
            placeholder="xx:xx:… from the server's admin, or test the connection"
            aria-describedby="setup-fingerprint-help"
            value={fingerprint}
            onChange={(e) => setFingerprint(e.target.value)}
          />
        </label>
        <p id="setup-fingerprint-help" className="help">
          rportd prints it at start and keeps it in rportd-fingerprint.txt. Without one the client accepts any server
          key.
        </p>
        <fieldset className="setup-features" data-testid="setup-features">
          <legend>What the server may do on this machine</legend>
          <p className="help">
            All three are on by default, as in the RPort client. Switch off what this machine should not allow; you can
            change them later in Config.
          </p>
          {SETUP_FEATURES.map((f) => (
            <label key={f.key} className="inline-check">
              <input
                type="checkbox"
                data-testid={`setup-feature-${f.key}`}
                checked={features[f.key]}
                onChange={(e) => setFeatures((now) => ({ ...now, [f.key]: e.target.checked }))}
              />
              <span>
                {f.label} <span className="muted">({f.help})</span>
              </span>
            </label>
          ))}
        </fieldset>
        {keychain?.available ? (
          <label className="inline-check">
            <input
              type="checkbox"
              data-testid="setup-keychain"
              checked={useKeychain}
              onChange={(e) => setUseKeychain(e.target.checked)}
            />
            <span>
              Keep the password in the system keychain <span className="muted">(rport.conf never holds it)</span>
            </span>
          </label>
        ) : null}
        {error ? (
          <p className="banner banner-bad" role="alert" data-testid="setup-error">
            {error}
          </p>
        ) : null}
        {report ? <TestReport report={report} fingerprint={fingerprint} onUseFingerprint={setFingerprint} /> : null}
        <div className="toolbar">
          <button
            type="button"
            data-testid="setup-test"
            disabled={busy !== null || !server}
            onClick={() => void onTest()}
          >
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="primary" data-testid="setup-save" disabled={busy !== null}>
            {busy === 'save' ? 'Connecting…' : 'Save and connect'}
          </button>
          {unreachable ? (
            <button
              type="button"
              data-testid="setup-save-anyway"
              disabled={busy !== null}
              title="Writes the config without a successful test; the client keeps trying the server"
              onClick={() => void save(true)}
            >
              Save anyway
            </button>
          ) : null}
        </div>
      </form>
      <details className="setup-import" data-testid="setup-import">
        <summary>Already have an rport.conf? Import it</summary>
        <ImportPanel onImported={() => setView('status')} />
      </details>
    </section>
  );
}

function TestReport({
  report,
  fingerprint,
  onUseFingerprint,
}: {
  report: ConnectionTestReport;
  /** What the user typed: the engine checks it as a prefix of the server's (docs/protocol.md §2.2). */
  fingerprint: string;
  onUseFingerprint(fp: string): void;
}) {
  const presented = report.serverFingerprint;
  const typed = fingerprint.trim();
  const matches = presented !== null && typed !== '' && presented.startsWith(typed);
  return (
    <div
      className={`banner ${report.ok ? 'banner-good' : 'banner-bad'}`}
      data-testid="setup-report"
      data-ok={report.ok ? 'true' : 'false'}
      data-failed-step={report.failedStep ?? ''}
    >
      <p>
        <strong>
          {report.ok
            ? 'The connection works.'
            : `Failed at: ${report.failedStep ? CONNECTION_STEP_LABELS[report.failedStep] : 'unknown step'}`}
        </strong>{' '}
        {report.message}
      </p>
      <ol className="steps">
        {report.steps.map((step) => (
          <li
            key={step.step}
            className={`step step-${step.status}`}
            data-testid={`setup-step-${step.step}`}
            data-status={step.status}
          >
            <span className="step-mark" aria-hidden="true">
              {step.status === 'ok' ? '✓' : step.status === 'failed' ? '✗' : '–'}
            </span>
            <span>
              {CONNECTION_STEP_LABELS[step.step]}
              <span className="sr-only">: {STEP_STATUS_LABELS[step.status]}</span>
            </span>
            <span className="muted">{step.detail}</span>
          </li>
        ))}
      </ol>
      {presented ? (
        <p className="small" data-testid="setup-presented-fingerprint">
          The server presented <code className="wrap">{presented}</code>.{' '}
          {matches ? (
            <span className="good" data-testid="setup-fingerprint-matches">
              It matches the fingerprint above.
            </span>
          ) : (
            <>
              {typed !== '' ? 'It differs from the fingerprint above: check with the server’s admin. ' : null}
              <button type="button" className="link" onClick={() => onUseFingerprint(presented)}>
                Use it
              </button>
            </>
          )}
        </p>
      ) : null}
    </div>
  );
}
