// One readable line per log record for a terminal (the file keeps pino's JSON lines).

import type { LogLine } from '../shared/types/engine-types';

export function formatLogLine(line: LogLine): string {
  return `${new Date(line.at).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.source}: ${line.message}\n`;
}
