// The primary, then each fallback (docs/protocol.md §6.4), without waiting out a hung server: when the
// dial in progress has made no progress (no phase reached: name resolved, TCP connected, WebSocket open,
// SSH handshake, auth) for `staggerMs`, the next server's dial starts beside it, happy-eyeballs style. A
// failure starts the next one at once. The first dial to succeed wins and the others are aborted (or
// closed, if they succeed too); the order still gives the primary a head start. A primary that accepts
// TCP but never answers therefore costs a few seconds instead of the whole dial timeout.

export interface StaggeredCandidate<T> {
  /** Starts this dial; it calls `progress` at every step it makes. */
  dial(signal: AbortSignal, progress: () => void): Promise<T>;
}

export interface StaggeredDialOptions<T> {
  /** No progress for this long starts the next candidate beside the one in progress. */
  staggerMs: number;
  signal: AbortSignal;
  /** A candidate's dial starts (the engine announces it as progress). */
  onStart?(index: number, why: 'first' | 'failed' | 'no-progress'): void;
  onFailure?(index: number, error: Error): void;
  /** Closes a dial that succeeded after another had already won. */
  discard(value: T): void;
}

export class StaggeredDialAborted extends Error {
  constructor() {
    super('dial aborted');
    this.name = 'StaggeredDialAborted';
  }
}

/** Resolves with the first successful dial and its index; rejects with the last failure when all fail. */
export function staggeredDial<T>(
  candidates: ReadonlyArray<StaggeredCandidate<T>>,
  options: StaggeredDialOptions<T>,
): Promise<{ value: T; index: number }> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(new StaggeredDialAborted());
    if (candidates.length === 0) return reject(new Error('no server configured'));
    const controllers: AbortController[] = [];
    const quietTimers = new Set<NodeJS.Timeout>();
    let next = 0;
    let running = 0;
    let won = false;
    let lastError: Error = new Error('no server configured');

    const finish = (): void => {
      for (const t of quietTimers) clearTimeout(t);
      quietTimers.clear();
      options.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (won) return;
      won = true;
      finish();
      for (const c of controllers) c.abort();
      reject(new StaggeredDialAborted());
    };
    options.signal.addEventListener('abort', onAbort, { once: true });

    const startNext = (why: 'first' | 'failed' | 'no-progress'): void => {
      if (won || next >= candidates.length) return;
      const index = next++;
      const candidate = candidates[index] as StaggeredCandidate<T>;
      const controller = new AbortController();
      controllers.push(controller);
      running++;
      // Each dial hands on to the next server once: when it stalls or when it fails, whichever is first.
      let handedOn = false;
      const handOn = (reason: 'failed' | 'no-progress'): void => {
        if (handedOn) return;
        handedOn = true;
        startNext(reason);
      };
      let quiet: NodeJS.Timeout | null = null;
      const rearm = (): void => {
        if (quiet) {
          clearTimeout(quiet);
          quietTimers.delete(quiet);
        }
        if (won || handedOn || next >= candidates.length) return;
        quiet = setTimeout(() => handOn('no-progress'), options.staggerMs);
        quietTimers.add(quiet);
      };
      options.onStart?.(index, why);
      rearm();
      candidate.dial(controller.signal, rearm).then(
        (value) => {
          running--;
          if (quiet) clearTimeout(quiet);
          if (won) {
            options.discard(value);
            return;
          }
          won = true;
          finish();
          for (const c of controllers) if (c !== controller) c.abort();
          resolve({ value, index });
        },
        (error: unknown) => {
          running--;
          if (quiet) clearTimeout(quiet);
          if (won) return;
          lastError = error instanceof Error ? error : new Error(String(error));
          options.onFailure?.(index, lastError);
          handOn('failed');
          if (running === 0 && next >= candidates.length) {
            won = true;
            finish();
            reject(lastError);
          }
        },
      );
    };
    startNext('first');
  });
}
