// Live output for `stream_result` jobs (§5.4, since 0.8.9): two client → server channels of types
// `stdout` and `stderr`, each opened with the raw run_cmd payload as extra data, fed UTF-8 output up to
// send_back_limit bytes each, then closed. rportd relays them to the UI — from a reader of its own, and
// it closes the job's UI WebSocket when the job's cmd_result arrives, so the channels are finished
// (everything sent, closed, and the server's close received) before the result goes out.
import type { Duplex } from 'node:stream';
import type { ServerSession } from '../../server-session';

/** How long finishing the channels may hold up the result (a server that never answers the close). */
export const STREAM_FINISH_TIMEOUT_MS = 5_000;

export class LimitedChannelWriter {
  private remaining: number;
  private closed = false;
  /** The channel is gone (the server's close came, or the connection ended). */
  private gone = false;

  constructor(
    private readonly channel: Duplex,
    limit: number,
  ) {
    this.remaining = limit;
    // The server may close its side first; writes after that are simply dropped.
    channel.on('error', () => {
      this.closed = true;
    });
    channel.once('close', () => {
      this.gone = true;
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

  /**
   * Ends the channel and resolves once all its data has been sent and the server has answered our
   * CHANNEL_CLOSE (x/crypto answers it after it has queued everything that came before) — or when the
   * connection or the channel ends some other way.
   */
  finish(): Promise<void> {
    return new Promise((resolve) => {
      const channel = this.channel as Duplex & { close?: () => void };
      if (this.gone || channel.destroyed) return resolve();
      channel.once('close', () => resolve());
      channel.once('error', () => resolve());
      // The client side of an ssh2 channel stays half-open after end(); close it once the data is out.
      const sendClose = (): void => channel.close?.();
      if (channel.writableFinished) sendClose();
      else channel.once('finish', sendClose);
      this.close();
    });
  }
}

export interface OutputChannels {
  stdout: LimitedChannelWriter;
  stderr: LimitedChannelWriter;
  close(): void;
  /** Finishes both channels (see LimitedChannelWriter.finish), at most `timeoutMs`. */
  finish(timeoutMs?: number): Promise<void>;
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
    async finish(timeoutMs = STREAM_FINISH_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([out.finish(), err.finish()]), deadline]);
      clearTimeout(timer);
    },
  };
}
