// Runs the start-up steps by name, so a step that throws is reported as what failed ("opening the
// preferences", "creating the tray icon"), not as an anonymous stack: the error dialog and the log say
// which part of the app could not start.

export class StartupFailure extends Error {
  constructor(
    /** The step, as the user reads it: "creating the tray icon". */
    readonly step: string,
    readonly error: unknown,
  ) {
    super(`${step}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.name = 'StartupFailure';
  }
}

export class StartupSteps {
  /** Names of the steps that finished, in order (for tests and the log). */
  readonly done: string[] = [];

  /** Runs a step now (before `ready`, where nothing may wait). */
  runNow<T>(step: string, work: () => T): T {
    try {
      const result = work();
      this.done.push(step);
      return result;
    } catch (err) {
      throw err instanceof StartupFailure ? err : new StartupFailure(step, err);
    }
  }

  async run<T>(step: string, work: () => T | Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.done.push(step);
      return result;
    } catch (err) {
      throw err instanceof StartupFailure ? err : new StartupFailure(step, err);
    }
  }
}

/** Any error as a failed step (one thrown outside a step is the start itself). */
export function asStartupFailure(err: unknown): StartupFailure {
  return err instanceof StartupFailure ? err : new StartupFailure('starting', err);
}
