// The supervisor's log sink: every log line of the app (the watchdog's own, the engine's relayed from
// the worker, the worker's stray output) goes to stdout as text, to a size-rotated file as JSON lines
// (pino's format: level number, time, pid, source, at, msg), and to a bounded in-memory list for the UI.
// Secrets are scrubbed before any of them sees the text. The lines are formatted here rather than by
// pino: the sink has one fixed shape of record, and pino with its dependencies cost the supervisor a few
// MiB at start (README "Memory").

import type { LogLevelName, LogLine } from '../shared/types/engine-types';
import { linkCurrentLog } from './current-log-link';
import { logFileLocation, type LogFileLocation } from './log-file-location';
import { redactUrlCredentials, type TextScrubber } from '../shared/secrets';
import { LEVEL_NUMBER, fileLogLine, formatLogLine } from './log-text-format';
import { RecentLines } from './recent-lines';
import { openRotatingFile, parseLogSize, type RotatingFile } from './rotating-file';

export interface LogSinkOptions {
  dataDir: string;
  /** `[logging] log_file`; empty = `<data_dir>/logs/rport-tray.log`. */
  logFile?: string;
  level?: LogLevelName;
  /** Where text lines go; null for none. Default: process.stdout. */
  stdout?: { write(text: string): unknown } | null;
  /** Rotate when the file reaches this size (`5m`, `500k`). */
  maxFileSize?: string;
  /** Rotated files kept besides the current one. */
  keepFiles?: number;
  /** Lines kept in memory for the UI. */
  recentLines?: number;
  /** Replaces known secrets (the sink masks URL credentials by itself). */
  scrub?: TextScrubber;
}

export interface LogSink {
  readonly file: LogFileLocation;
  write(line: LogLine): void;
  /** Logs a line of the app's own (source e.g. `cli`). */
  log(level: LogLevelName, source: string, message: string): void;
  setLevel(level: LogLevelName): void;
  setScrubber(scrub: TextScrubber): void;
  /** The newest lines, oldest first. */
  recent(): LogLine[];
  /** Every line after scrubbing (for the UI's live log view); returns the unsubscribe function. */
  onLine(listener: (line: LogLine) => void): () => void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export async function createLogSink(options: LogSinkOptions): Promise<LogSink> {
  const file = logFileLocation(options.dataDir, options.logFile);
  let stream: RotatingFile | null;
  let openError: Error | null = null;
  try {
    const live = await openRotatingFile({
      base: file.base,
      extension: file.extension,
      maxBytes: parseLogSize(options.maxFileSize ?? '5m'),
      keep: options.keepFiles ?? 4,
    });
    stream = live;
    // Windows needs a privilege for symlinks. The stream says 'ready' after each (re)open of a file.
    if (process.platform !== 'win32') {
      const relink = (): void => void (live.file && linkCurrentLog(file.link, live.file));
      relink();
      live.on('ready', relink);
    }
  } catch (err) {
    // A data dir that cannot be created or written must not stop the client: log to stdout only.
    openError = err instanceof Error ? err : new Error(String(err));
    stream = null;
  }
  const sink = new FileLogSink(file, stream, options);
  if (openError) sink.fileTrouble(openError);
  return sink;
}

class FileLogSink implements LogSink {
  private level: LogLevelName;
  private scrub: TextScrubber;
  private readonly recentLines: RecentLines;
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly stdout: { write(text: string): unknown } | null;
  private closed = false;

  /** The file's current write error (e.g. ENOSPC), reported once until a write succeeds again. */
  private fileError: string | null = null;

  constructor(
    readonly file: LogFileLocation,
    /** null: the file could not be opened; stdout and the window only. */
    private readonly stream: RotatingFile | null,
    options: LogSinkOptions,
  ) {
    this.level = options.level ?? 'info';
    this.scrub = options.scrub ?? ((text) => text);
    this.recentLines = new RecentLines(options.recentLines ?? 1000);
    this.stdout = options.stdout === undefined ? process.stdout : options.stdout;
    // Without a listener a failed write (a full disk) would be an uncaught 'error' and end the process.
    stream?.on('error', (err: Error) => this.fileTrouble(err));
    stream?.on('write', () => {
      if (this.fileError === null) return;
      this.fileError = null;
      this.emitLine({ at: Date.now(), level: 'info', source: 'log', message: `writing ${file.configured} again` });
    });
  }

  /** Says once, everywhere but the file, that the log file cannot be written; the client keeps going. */
  fileTrouble(err: Error): void {
    if (this.closed || this.fileError === err.message) return;
    this.fileError = err.message;
    const message = `cannot write the log file ${this.file.configured}: ${err.message}; logging to stdout only until it can`;
    this.emitLine({ at: Date.now(), level: 'error', source: 'log', message });
  }

  write(line: LogLine): void {
    if (this.closed || LEVEL_NUMBER[line.level] < LEVEL_NUMBER[this.level]) return;
    const clean: LogLine = { ...line, message: redactUrlCredentials(this.scrub(line.message)) };
    this.stream?.write(fileLogLine(clean, Date.now()));
    this.emitLine(clean);
  }

  private emitLine(clean: LogLine): void {
    this.stdout?.write(formatLogLine(clean));
    this.recentLines.push(clean);
    for (const listener of [...this.listeners]) listener(clean);
  }

  log(level: LogLevelName, source: string, message: string): void {
    this.write({ at: Date.now(), level, source, message });
  }

  setLevel(level: LogLevelName): void {
    this.level = level;
  }

  setScrubber(scrub: TextScrubber): void {
    this.scrub = scrub;
  }

  recent(): LogLine[] {
    return this.recentLines.toArray();
  }

  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('close', () => resolve());
      stream.end();
    });
  }
}
