// Live output for `stream_result` jobs (§5.4, since 0.8.9): two client → server channels of types
// `stdout` and `stderr`, each opened with the raw run_cmd payload as extra data, fed UTF-8 output up to
// send_back_limit bytes each, then closed. rportd relays them to the UI.
import type { Duplex } from 'node:stream';
import type { ServerSession } from '../../server-session';

export class LimitedChannelWriter {
  private remaining: number;
  private closed = false;

  constructor(
    private readonly channel: Duplex,
    limit: number,
  ) {
    this.remaining = limit;
    // The server may close its side first; writes after that are simply dropped.
    channel.on('error', () => {
      this.closed = true;
    });
    // Nothing is expected from the server on these channels; keep the stream flowing.
    channel.resume();
  }

  write(chunk: Buffer): void {
    if (this.closed || this.remaining <= 0 || chunk.length === 0) return;
    const piece = chunk.length > this.remaining ? chunk.subarray(0, this.remaining) : chunk;
    this.remaining -= piece.length;
    this.channel.write(piece);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.end();
  }
}

export interface OutputChannels {
  stdout: LimitedChannelWriter;
  stderr: LimitedChannelWriter;
  close(): void;
}

/** Opens both channels (stdout first, as Go does); if either fails, none stays open. */
export async function openOutputChannels(
  session: ServerSession,
  runCmdPayload: Buffer,
  limit: number,
): Promise<OutputChannels> {
  const stdout = await session.openChannel('stdout', runCmdPayload);
  let stderr: Duplex;
  try {
    stderr = await session.openChannel('stderr', runCmdPayload);
  } catch (error) {
    stdout.end();
    throw error;
  }
  const out = new LimitedChannelWriter(stdout, limit);
  const err = new LimitedChannelWriter(stderr, limit);
  return {
    stdout: out,
    stderr: err,
    close() {
      out.close();
      err.close();
    },
  };
}
