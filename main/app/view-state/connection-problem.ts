// Why connecting keeps failing when only the user can fix it: the server refused the credentials, or its
// key does not match `fingerprint`. The engine keeps retrying as the config says (the Go client does the
// same, docs/protocol.md §2.3), so its state word stays `reconnecting`; this is what the window adds.
//
// A server's problem sticks until that server accepts a dial or a new engine run starts (a new config):
// after a few wrong passwords rportd bans the address and answers HTTP 423 before SSH (§2.3), which
// says nothing about the password any more but does not fix it either.
import type { ConnectionProblem } from '../../shared/contract';
import type { EngineStatus } from '../../shared/types/engine-types';

export class ConnectionProblems {
  private readonly byServer = new Map<number, ConnectionProblem>();

  /** Folds in one engine report. */
  update(engine: EngineStatus): void {
    for (const server of engine.servers) {
      const failure = server.lastFailure ?? null;
      if (failure === 'auth' || failure === 'fingerprint') {
        this.byServer.set(server.index, {
          kind: failure,
          serverIndex: server.index,
          serverUrl: server.url,
          message: server.lastError ?? (failure === 'auth' ? 'Authentication failed' : 'invalid fingerprint'),
        });
      } else if (server.lastResult === 'ok') {
        this.byServer.delete(server.index);
      }
    }
  }

  /** A new engine run (a new config): what the old one found may be fixed. */
  clear(): void {
    this.byServer.clear();
  }

  /** The problem to show: none while connected or paused; else the first server's, primary first. */
  current(engine: EngineStatus | null): ConnectionProblem | null {
    if (engine === null || engine.state === 'connected' || engine.state === 'paused') return null;
    const first = [...this.byServer.values()].sort((a, b) => a.serverIndex - b.serverIndex)[0];
    return first ?? null;
  }
}
