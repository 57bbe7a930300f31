// A log record as text: one readable line for a terminal, and one JSON line for the file.

import type { LogLevelName, LogLine } from '../shared/types/engine-types';

export function formatLogLine(line: LogLine): string {
  return `${new Date(line.at).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.source}: ${line.message}\n`;
}

/** pino's numbers for the levels, which the file has always used. */
export const LEVEL_NUMBER: Record<LogLevelName, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * The file's JSON line, in the shape pino wrote it before (so tools reading older files read these too):
 * `{"level":30,"time":"<written, ISO>","pid":…,"source":"engine","at":<epoch ms of the event>,"msg":"…"}`.
 */
export function fileLogLine(line: LogLine, writtenAt: number): string {
  return `${JSON.stringify({
    level: LEVEL_NUMBER[line.level],
    time: new Date(writtenAt).toISOString(),
    pid: process.pid,
    source: line.source,
    at: line.at,
    msg: line.message,
  })}\n`;
}
