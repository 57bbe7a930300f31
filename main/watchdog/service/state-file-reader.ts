// Reading an rport service's `<data_dir>/state.json` (docs/protocol.md §7.2): four keys, of which
// `last_update_ts` (Unix seconds) is the one a watchdog judges by. The Go client rewrites the file in
// place (truncate, then write: not atomic, §7.2), so a read can catch it empty or half written: a text
// that is empty or not JSON is read once more after a moment before it counts as broken.
import { readFile } from 'node:fs/promises';
import type { WatchdogState } from '../../engine/state-file';

export type StateFileReading =
  | {
      kind: 'ok';
      file: string;
      state: WatchdogState;
      message: string;
      /** `last_update_ts` as epoch ms (whole seconds). */
      updatedAt: number;
    }
  | { kind: 'missing'; file: string }
  /** The file exists but cannot be read (permissions, a folder in its place). */
  | { kind: 'unreadable'; file: string; error: string }
  /** Read, but not a state file: not JSON, or a key missing or of the wrong type. */
  | { kind: 'invalid'; file: string; error: string };

const STATES: readonly WatchdogState[] = ['initialized', 'connected', 'reconnecting'];

/** How long to wait before reading a torn file again: Go writes well under 1 KiB in one call. */
export const TORN_READ_RETRY_MS = 100;

export interface StateFileReadOptions {
  read?: (file: string) => Promise<string>;
  sleep?: (ms: number) => Promise<void>;
}

export async function readStateFile(file: string, options: StateFileReadOptions = {}): Promise<StateFileReading> {
  const read = options.read ?? ((f: string) => readFile(f, 'utf8'));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let first = await readOnce(file, read);
  if (first.kind === 'invalid') {
    await sleep(TORN_READ_RETRY_MS);
    first = await readOnce(file, read);
  }
  return first;
}

async function readOnce(file: string, read: (file: string) => Promise<string>): Promise<StateFileReading> {
  let text: string;
  try {
    text = await read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', file };
    return { kind: 'unreadable', file, error: (err as Error).message };
  }
  return parseStateFileText(text, file);
}

/** The state file's text, checked key by key; every error names the file. */
export function parseStateFileText(text: string, file: string): StateFileReading {
  if (text.trim() === '') return { kind: 'invalid', file, error: `${file} is empty` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', file, error: `${file} is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'invalid', file, error: `${file} does not hold a JSON object` };
  }
  const record = data as Record<string, unknown>;
  const ts = record.last_update_ts;
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    return { kind: 'invalid', file, error: `${file}: last_update_ts is missing or not a number` };
  }
  const state = record.last_state;
  if (typeof state !== 'string' || !STATES.includes(state as WatchdogState)) {
    return {
      kind: 'invalid',
      file,
      error: `${file}: last_state ${JSON.stringify(state)} is none of ${STATES.join(', ')}`,
    };
  }
  const message = record.last_message;
  return {
    kind: 'ok',
    file,
    state: state as WatchdogState,
    message: typeof message === 'string' ? message : '',
    updatedAt: Math.trunc(ts) * 1000,
  };
}
