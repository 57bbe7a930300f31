// Reading Linux's /proc text files for monitoring. The kernel reports their size as 0, so
// fs.readFile allocates a fresh 64 KiB buffer per file and fs/promises adds five thread-pool round trips
// (open, fstat, read, read, close); a measurement reads two files per process. For 79 processes, ten
// measurements cost that way +16.5 MiB RSS and 20-55 ms of the event loop each; read synchronously into
// one reused buffer, in short batches, +4.5 MiB and about 5 ms (README "Memory").
import { closeSync, openSync, readSync } from 'node:fs';

const buffer = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * Reads at most `maxBytes` of a /proc file into the shared buffer and hands `use` the buffer and the
 * length read: the bytes are valid only during `use`. Synchronous: one file takes a few microseconds;
 * callers reading many yield between batches.
 */
export function withProcFile<T>(path: string, maxBytes: number, use: (bytes: Buffer, length: number) => T): T {
  const limit = Math.min(maxBytes, buffer.length);
  const fd = openSync(path, 'r');
  let length = 0;
  try {
    while (length < limit) {
      const read = readSync(fd, buffer, length, limit - length, null);
      if (read === 0) break;
      length += read;
    }
  } finally {
    closeSync(fd);
  }
  return use(buffer, length);
}
