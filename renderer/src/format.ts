// Display helpers: short, human numbers for ages, durations, sizes, rates and times. Durations are the
// contract's (main/shared/contract/people-durations.ts), shared with the timeline the app core words.
import { formatDuration, formatLatency } from '../../main/shared/contract';

export { formatCountdown, formatDuration, formatElapsed, roundDurationsInText } from '../../main/shared/contract';

export function formatAge(at: number | null, now: number): string {
  if (at === null) return 'never';
  const ms = now - at;
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Bytes per second, e.g. `12.5 KiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

export function formatDateTime(at: number): string {
  const d = new Date(at);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString(undefined, { hour12: false })}`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatLatency(ms);
}
