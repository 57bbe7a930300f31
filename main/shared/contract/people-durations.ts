// Durations as people read them, in the window and on the timeline: "13s", "1m 20s", "35 ms", never
// Go's nanosecond-exact `13.258511011s`. The engine's own texts keep Go's format on purpose (they are
// state.json's `last_message`, docs/protocol.md §7.3, and the log's lines); whatever shows one of them to
// a person passes it through `roundDurationsInText` first. One home for both sides: the app core words
// the timeline with it, the renderer its ages, countdowns and messages.
import { parseGoDuration } from '../go/duration';

/** An age or a wait: `0s`, `42s`, `3m 5s`, `2h 10m`, `3d 4h` (whole units, rounded down). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/**
 * The time left until `at`, for a live countdown: rounded UP to whole seconds, so it reads 1s in its last
 * second and never 0s while there is still time; null once `at` has passed.
 */
export function formatCountdown(at: number, now: number): string | null {
  const left = at - now;
  if (left <= 0) return null;
  return formatDuration(Math.ceil(left / 1000) * 1000);
}

/** A round trip or a connect time: `<1 ms`, `4.2 ms`, `35 ms`, `1.3 s`. */
export function formatLatency(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trimZero((ms / 1000).toFixed(1))} s`;
}

/** A measured duration of any size, e.g. how long a command ran: `35 ms`, `2.5s`, `42s`, `3m 5s`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return formatLatency(ms);
  if (ms < 10_000) return `${trimZero((ms / 1000).toFixed(1))}s`;
  return formatDuration(Math.round(ms / 1000) * 1000);
}

// A Go duration as Duration.String() writes it (`13.258511011s`, `1m30.5s`, `34.974895ms`, `750µs`),
// standing alone: not inside a word, a number, a version or a host:port.
const GO_DURATION = /(?<![\w.:])(?:\d+h)?(?:\d+m(?![a-z]))?\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s)(?!\w|\.\d)/g;

/**
 * The engine's text with every Go duration that is more exact than people need rounded
 * (`Connected to 127.0.0.1:8080 within 34.974895ms` → `… within 35 ms`). Plain settings such as `5s` or
 * `3m` are left as written.
 */
export function roundDurationsInText(text: string): string {
  return text.replace(GO_DURATION, (token) => {
    const exact = token.includes('.') || /(?:ns|us|µs|μs|ms)$/.test(token) || /\d[hm]\d/.test(token);
    if (!exact) return token;
    let ns: number;
    try {
      ns = parseGoDuration(token);
    } catch {
      return token;
    }
    return formatElapsed(ns / 1e6);
  });
}

function trimZero(fixed: string): string {
  return fixed.replace(/\.0$/, '');
}
