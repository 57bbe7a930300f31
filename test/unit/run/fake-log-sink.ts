// A log sink that keeps its lines in memory and records the scrubbers and levels it is given; its file
// would be `<dir>/logs/rport-tray.log`.
import path from 'node:path';
import { vi } from 'vitest';
import type { LogSink } from '../../../main/logging/log-sink';
import type { LogLevelName, LogLine } from '../../../main/shared/types/engine-types';

export function fakeSink(dir = '/nowhere') {
  const lines: LogLine[] = [];
  const scrubbers: Array<(text: string) => string> = [];
  const levels: LogLevelName[] = [];
  const sink = {
    file: {
      configured: path.join(dir, 'logs', 'rport-tray.log'),
      base: path.join(dir, 'logs', 'rport-tray'),
      extension: '.log',
      directory: path.join(dir, 'logs'),
      link: path.join(dir, 'logs', 'rport-tray.current.log'),
    },
    write: (line: LogLine) => void lines.push(line),
    log: vi.fn((level: LogLevelName, source: string, message: string) => {
      lines.push({ at: Date.now(), level, source, message });
    }),
    setLevel: (level: LogLevelName) => void levels.push(level),
    setScrubber: (scrub: (text: string) => string) => void scrubbers.push(scrub),
    recent: () => lines,
    onLine: () => () => {},
    close: vi.fn(async () => {}),
  };
  return {
    sink: sink as LogSink & Pick<typeof sink, 'log' | 'close'>,
    lines,
    scrubbers,
    levels,
    /** What the sink would write of `text` now. */
    scrub: (text: string) => (scrubbers.at(-1) ?? ((t: string) => t))(text),
  };
}
