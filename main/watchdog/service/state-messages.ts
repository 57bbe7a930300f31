// The three `last_message` templates of state.json (docs/protocol.md §7.3), read back: the wait a
// reconnecting client announced, and the round trip of its last ping. Durations are Go's
// time.Duration.String() (main/shared/go/duration.ts parses them exactly).
import { parseGoDuration } from '../../shared/go/duration';

export type StateMessage =
  | { kind: 'retry'; waitMs: number }
  | { kind: 'ping'; address: string; rttMs: number }
  | { kind: 'connected'; address: string; withinMs: number }
  | { kind: 'other' };

const RETRY = /^Retrying in (\S+)\.\.\.$/;
const PING = /^ping to (\S+) succeeded within (\S+)$/;
// Go writes a capital C; the upstream docs show it in lower case (§7.3): accept both.
const CONNECTED = /^[Cc]onnected to (\S+) within (\S+)$/;

const ms = (goDuration: string): number | null => {
  try {
    return parseGoDuration(goDuration) / 1e6;
  } catch {
    return null;
  }
};

export function parseStateMessage(message: string): StateMessage {
  const retry = RETRY.exec(message);
  if (retry?.[1] !== undefined) {
    const waitMs = ms(retry[1]);
    return waitMs === null || waitMs < 0 ? { kind: 'other' } : { kind: 'retry', waitMs };
  }
  const ping = PING.exec(message);
  if (ping?.[1] !== undefined && ping[2] !== undefined) {
    const rttMs = ms(ping[2]);
    return rttMs === null ? { kind: 'other' } : { kind: 'ping', address: ping[1], rttMs };
  }
  const connected = CONNECTED.exec(message);
  if (connected?.[1] !== undefined && connected[2] !== undefined) {
    const withinMs = ms(connected[2]);
    return withinMs === null ? { kind: 'other' } : { kind: 'connected', address: connected[1], withinMs };
  }
  return { kind: 'other' };
}
