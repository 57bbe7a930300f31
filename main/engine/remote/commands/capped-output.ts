// One output stream of a command, kept up to `send_back_limit` bytes like Go's CapacityBuffer: the
// beginning is kept, the rest dropped, and the overflow is reported in the job's `error`.

export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(readonly limit: number) {}

  write(chunk: Buffer): void {
    const free = this.limit - this.size;
    if (chunk.length > free) {
      this.overflowed = true;
      if (free > 0) {
        this.chunks.push(chunk.subarray(0, free));
        this.size += free;
      }
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  get hasOverflow(): boolean {
    return this.overflowed;
  }

  get overflowMessage(): string {
    return `maximum send_back_limit of ${this.limit} bytes exceeded`;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
