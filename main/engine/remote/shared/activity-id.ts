// Activity entries are upserted by id in the window, so a command's `running` and its final outcome
// share one id: the job id when the server sent one, a fresh UUID otherwise.
import { randomUUID } from 'node:crypto';

export const activityId = (preferred?: string | null): string =>
  typeof preferred === 'string' && preferred !== '' ? preferred : randomUUID();

/** Keeps an activity summary readable in a list row: first line, at most 300 characters. */
export function activitySummary(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const first = lines[0] ?? '';
  const more = lines.length > 1 ? ` (+${lines.length - 1} more lines)` : '';
  const clipped = first.length > 300 ? `${first.slice(0, 299)}…` : first;
  return clipped + more;
}
