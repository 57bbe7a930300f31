// Collects the text between `<summary>` and `</summary>` in a command's stdout, case-insensitively and
// line by line exactly like Go's SummaryBuffer: each line that ends inside a summary adds a newline,
// and several summaries are concatenated. Works on raw bytes so it can run before decoding.

const START = Buffer.from('<summary>');
const END = Buffer.from('</summary>');
/** Lines are scanned one at a time; a line longer than this is cut (Go's scanner would stop instead). */
const MAX_LINE = 1024 * 1024;
/** The summary goes into cmd_result, which has a hard size budget; it never needs more than this. */
const MAX_SUMMARY = 256 * 1024;

const lowerAscii = (line: Buffer): Buffer => {
  const copy = Buffer.from(line);
  for (let i = 0; i < copy.length; i++) {
    const b = copy[i] as number;
    if (b >= 0x41 && b <= 0x5a) copy[i] = b + 0x20;
  }
  return copy;
};

export class SummaryExtractor {
  private pending: Buffer = Buffer.alloc(0);
  private inside = false;
  private readonly parts: Buffer[] = [];
  private size = 0;

  write(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let newline = data.indexOf(0x0a);
    while (newline !== -1) {
      let line = data.subarray(0, newline);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      this.processLine(line);
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    this.pending = data.length > MAX_LINE ? Buffer.from(data.subarray(0, MAX_LINE)) : Buffer.from(data);
  }

  /** Flushes a last line without a newline and returns the summary bytes. */
  finish(): Buffer {
    if (this.pending.length > 0) {
      this.processLine(this.pending);
      this.pending = Buffer.alloc(0);
    }
    return Buffer.concat(this.parts, this.size);
  }

  private emit(data: Buffer): void {
    const room = MAX_SUMMARY - this.size;
    if (room <= 0) return;
    const piece = data.length > room ? data.subarray(0, room) : data;
    this.parts.push(Buffer.from(piece));
    this.size += piece.length;
  }

  private processLine(line: Buffer): void {
    let rest = line;
    while (rest.length > 0) {
      const lower = lowerAscii(rest);
      if (this.inside) {
        const end = lower.indexOf(END);
        if (end === -1) {
          this.emit(rest);
          break;
        }
        this.emit(rest.subarray(0, end));
        rest = rest.subarray(end + END.length);
        this.inside = false;
      } else {
        const start = lower.indexOf(START);
        if (start === -1) break;
        rest = rest.subarray(start + START.length);
        this.inside = true;
      }
    }
    if (this.inside) this.emit(Buffer.from('\n'));
  }
}
