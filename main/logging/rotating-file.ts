// The log file, rotated by size: `<base>.N<ext>` (rport-tray.1.log, rport-tray.2.log, …), continuing after
// the highest N already in the folder; when the live file reaches `maxBytes` the next number is opened and
// all but the newest `keep` older files of this base are deleted. Writes are synchronous (one write(2) per
// line), so the lines just before a crash or a SIGKILL are on disk.
// It replaces pino-roll and pino's sonic-boom: pino-roll loads all of date-fns (300 modules) for
// time-based rotation this app never uses, and the sink formats its JSON lines itself (README "Memory").
//
// Events: 'ready' (a file was opened, also after each rotation), 'write' (bytes of a line written),
// 'error' (a line could not be written, e.g. ENOSPC: it is dropped and the next line tries again),
// 'close' (after end()).
import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Path without number and extension: `/data/logs/rport-tray`. */
  base: string;
  /** With its dot: `.log`; may be ''. */
  extension: string;
  maxBytes: number;
  /** Older files kept besides the live one. */
  keep: number;
}

/** `5m`, `500k`, `2g`, `100b`, or a number of MiB (pino-roll's syntax, which the options used). */
export function parseLogSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)$/i.exec(text.trim());
  if (!m?.[1]) throw new Error(`${text} is not a valid size in KB, MB or GB`);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === 'b' ? 1 : unit === 'k' ? 1024 : unit === 'g' ? 1024 ** 3 : 1024 ** 2;
  return Math.floor(Number(m[1]) * factor);
}

export const rotatedFileName = (o: Pick<RotatingFileOptions, 'base' | 'extension'>, n: number): string =>
  `${o.base}.${n}${o.extension}`;

/** The numbers N of `<base>.N<ext>` files in the folder. */
async function numbersInFolder(o: RotatingFileOptions): Promise<number[]> {
  const prefix = `${path.basename(o.base)}.`;
  const names = await readdir(path.dirname(o.base)).catch(() => [] as string[]);
  const numbers: number[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(o.extension)) continue;
    const middle = name.slice(prefix.length, name.length - o.extension.length);
    if (/^\d+$/.test(middle)) numbers.push(Number(middle));
  }
  return numbers;
}

export class RotatingFile extends EventEmitter {
  private fd: number | null = null;
  private closed = false;

  private constructor(
    private readonly o: RotatingFileOptions,
    private number: number,
    private size: number,
    fd: number,
  ) {
    super();
    this.fd = fd;
    process.nextTick(() => this.emit('ready'));
  }

  /**
   * Opens the newest `<base>.N<ext>` in the folder (creating the folder), appending to it. Throws when
   * that file cannot be opened (the caller logs to stdout only, and says so).
   */
  static async open(o: RotatingFileOptions): Promise<RotatingFile> {
    mkdirSync(path.dirname(o.base), { recursive: true });
    const number = Math.max(1, ...(await numbersInFolder(o)));
    const file = rotatedFileName(o, number);
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    return new RotatingFile(o, number, size, openSync(file, 'a'));
  }

  /** The file being written now. */
  get file(): string {
    return rotatedFileName(this.o, this.number);
  }

  write(text: string): boolean {
    if (this.closed) return false;
    const data = Buffer.from(text, 'utf8');
    try {
      // A file that could not be (re)opened earlier gets another chance with each line.
      this.fd ??= openSync(this.file, 'a');
      let written = 0;
      while (written < data.length) written += writeSync(this.fd, data, written);
    } catch (err) {
      this.emit('error', err);
      return false;
    }
    this.emit('write', data.length);
    this.size += data.length;
    if (this.size >= this.o.maxBytes) this.roll();
    return true;
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeFd();
    process.nextTick(() => this.emit('close'));
  }

  private roll(): void {
    this.closeFd();
    this.number += 1;
    this.size = 0;
    this.openCurrent();
    const keepFrom = this.number - this.o.keep;
    void numbersInFolder(this.o)
      .then((numbers) =>
        Promise.allSettled(numbers.filter((n) => n < keepFrom).map((n) => unlink(rotatedFileName(this.o, n)))),
      )
      .catch((err: unknown) => this.emit('error', err));
  }

  private openCurrent(): void {
    try {
      this.fd = openSync(this.file, 'a');
      this.emit('ready');
    } catch (err) {
      // The next line tries again (write() opens a missing fd).
      this.fd = null;
      this.emit('error', err);
    }
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already gone (a full disk can fail the close too); nothing to keep.
    }
    this.fd = null;
  }
}

export const openRotatingFile = (o: RotatingFileOptions): Promise<RotatingFile> => RotatingFile.open(o);
