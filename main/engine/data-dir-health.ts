// The engine's own writes under `data_dir` (creating it when a run starts, `state.json` on every state
// change, i.e. every keep-alive) can fail for as long as the disk is full or the directory cannot
// exist. That is a condition, not an event: it is reported when it starts, when it turns into a
// different problem and when it clears — never once per failed write — and it stays visible in
// EngineStatus.dataDirProblem meanwhile.

export type DataDirTransition =
  { kind: 'started' | 'changed'; problem: string } | { kind: 'cleared'; previous: string } | null;

/** `create`: making data_dir when a run starts; `write`: writing a file in it (state.json). */
export type DataDirCheck = 'create' | 'write';

export class DataDirHealth {
  private current: { problem: string; check: DataDirCheck } | null = null;

  /** The problem now, or null while data_dir is fine. */
  get problem(): string | null {
    return this.current?.problem ?? null;
  }

  /** A check failed with this problem; returns what changed (null: the same problem goes on). */
  failed(check: DataDirCheck, problem: string): DataDirTransition {
    if (this.current?.problem === problem) return null;
    const kind = this.current === null ? 'started' : 'changed';
    this.current = { problem, check };
    return { kind, problem };
  }

  /**
   * A check succeeded; returns the transition when that ends the problem. A written file proves the
   * directory fine; a created directory only ends a `create` problem (a full disk still has its dirs).
   */
  succeeded(check: DataDirCheck): DataDirTransition {
    if (this.current === null || (check === 'create' && this.current.check !== 'create')) return null;
    const previous = this.current.problem;
    this.current = null;
    return { kind: 'cleared', previous };
  }
}

/**
 * An fs error as a stable text: Node's `CODE: description` without the `, syscall 'path'` tail, which
 * names a fresh temp file on every write and would make every failure look like a new problem.
 */
export function describeFsError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const text = error.message.replace(/, [a-z_]+ '[^']*'( -> '[^']*')?$/, '');
  if (code && !text.startsWith(code)) return `${code}: ${text}`;
  return text;
}
