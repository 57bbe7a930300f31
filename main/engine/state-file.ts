// `<data_dir>/state.json` as the Go client's watchdog writes it (docs/protocol.md §7.2, §7.3): four keys
// in a fixed order, json.MarshalIndent with two spaces, no trailing newline. Unlike Go it is written
// atomically (temp file + rename in the same directory) so readers never see a partial file.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatGoTime, goJsonString, preciseNowMs } from '../shared/go/time';

export type WatchdogState = 'initialized' | 'connected' | 'reconnecting';

export const STATE_FILE_NAME = 'state.json';

export interface StateRecord {
  state: WatchdogState;
  message: string;
  /** Epoch ms (fraction kept). */
  at: number;
}

export function renderStateFile(record: StateRecord, offsetMinutes?: number): string {
  return (
    '{\n' +
    `  "last_update": ${goJsonString(formatGoTime(record.at, offsetMinutes))},\n` +
    `  "last_update_ts": ${Math.floor(record.at / 1000)},\n` +
    `  "last_state": ${goJsonString(record.state)},\n` +
    `  "last_message": ${goJsonString(record.message)}\n` +
    '}'
  );
}

/**
 * Serialises writes (each one lands whole and in order). `write` never throws: a failed write is
 * reported through `onError`, a successful one through `onSuccess`, and the next write tries again.
 */
export class StateFileWriter {
  readonly filePath: string;
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly dataDir: string,
    private readonly onError: (error: Error) => void = () => {},
    private readonly onSuccess: () => void = () => {},
  ) {
    this.filePath = path.join(dataDir, STATE_FILE_NAME);
  }

  write(state: WatchdogState, message: string, at: number = preciseNowMs()): Promise<void> {
    const content = renderStateFile({ state, message, at });
    this.chain = this.chain.then(() => this.writeAtomically(content));
    return this.chain;
  }

  /** Resolves when every queued write has finished. */
  flush(): Promise<void> {
    return this.chain;
  }

  private async writeAtomically(content: string): Promise<void> {
    const temp = path.join(this.dataDir, `.${STATE_FILE_NAME}.${process.pid}.${this.counter++}.tmp`);
    try {
      await writeFile(temp, content, { mode: 0o644 }).catch(async (error: NodeJS.ErrnoException) => {
        // data_dir is made when the run starts; only a directory removed since then is made again.
        if (error.code !== 'ENOENT') throw error;
        await mkdir(this.dataDir, { recursive: true });
        await writeFile(temp, content, { mode: 0o644 });
      });
      await renameWithRetry(temp, this.filePath);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      this.onError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onSuccess();
  }
}

// Windows refuses to replace a file another process holds open (EPERM/EACCES/EBUSY) for a moment,
// e.g. while a PowerShell watchdog reads it.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}
