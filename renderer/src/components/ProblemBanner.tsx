// A problem only the user can fix (the server refused the credentials, or its key does not match the
// fingerprint): what happened, what it means, that the client keeps retrying, and a button to the field
// that fixes it.
import type { AppStatus, ConnectionProblem } from '../../../main/shared/contract';
import { roundDurationsInText } from '../format';
import { PROBLEM_LABELS, statusLine } from '../labels/status-text';
import { useApp } from '../store/store-context';

export function ProblemBanner({
  problem,
  status,
  now,
}: {
  problem: ConnectionProblem;
  status: AppStatus;
  now: number;
}) {
  const openConfigField = useApp((s) => s.openConfigField);
  const labels = PROBLEM_LABELS[problem.kind];
  const attempt = status.engine?.attempt ?? 0;
  // The engine's text when it says more than the title (the fingerprint the server presented).
  const detail = problem.message.toLowerCase() === labels.title.toLowerCase() ? null : problem.message;
  return (
    <div className="banner banner-bad problem-banner" data-testid="connection-problem" data-kind={problem.kind}>
      <div className="grow">
        <p>
          <strong>{labels.title}</strong> at <code className="wrap">{problem.serverUrl}</code>
          {detail ? (
            <>
              : <span className="wrap">{roundDurationsInText(detail)}</span>
            </>
          ) : null}
        </p>
        <p className="small">{labels.help}</p>
        <p className="small" data-testid="problem-retry">
          {statusLine(status, now)}
          {attempt > 0 ? ` (attempt ${attempt})` : ''}
        </p>
      </div>
      <button type="button" className="primary" onClick={() => openConfigField(labels.field)}>
        {labels.fix}
      </button>
    </div>
  );
}
