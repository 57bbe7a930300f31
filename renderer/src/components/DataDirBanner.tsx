// The engine cannot use its data_dir (cannot create it, disk full): it keeps the connection, but
// state.json (what external watchdogs read) is not being written. Shown in every view until it clears.
import { useApp } from '../store/store-context';

export function DataDirBanner() {
  const problem = useApp((s) => s.status?.engine?.dataDirProblem ?? null);
  if (!problem) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="data-dir-problem">
      <p>
        <strong>The data folder is not usable</strong> <span className="wrap">{problem}</span>. The client stays
        connected; state.json for external watchdogs is not being written.
      </p>
    </div>
  );
}
