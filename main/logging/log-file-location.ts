// Where the log file goes: `[logging] log_file` when the config sets one (as the Go client does), else
// `<data_dir>/logs/rport-tray.log`. The rotating writer numbers the files: `rport-tray.1.log`, `.2.log`, …

import path from 'node:path';

export interface LogFileLocation {
  /** The path as configured or defaulted (the base the numbered files derive from). */
  configured: string;
  /** What pino-roll takes: the path without the extension, and the extension. */
  base: string;
  extension: string;
  directory: string;
}

export function logFileLocation(dataDir: string, logFile: string | undefined): LogFileLocation {
  const configured =
    logFile && logFile.trim() !== '' ? path.resolve(logFile) : path.join(dataDir, 'logs', 'rport-tray.log');
  const extension = path.extname(configured);
  return {
    configured,
    base: extension ? configured.slice(0, -extension.length) : configured,
    extension,
    directory: path.dirname(configured),
  };
}
