// The shared target read buffer is only safe if every byte handed to ssh2 is either copied into a packet
// at once or copied by us first. These run ssh2's real Channel (its _write keeps a window-limited rest by
// reference) and overwrite the shared buffer as the next read would.
import { describe, expect, it } from 'vitest';
import { loadSsh2, type ChannelStream } from '../../../main/engine/ssh2-hooks';
import { targetReadBuffer, writeToChannel } from '../../../main/engine/target-reads';

interface Harness {
  channel: ChannelStream;
  /** What ssh2 put into packets, as it was when each packet was built. */
  sent: Buffer[];
  /** The buffers ssh2 was handed for each packet (to tell a pass-through from a copy). */
  handed: Buffer[];
  /** The server grants more window, as ssh2's CHANNEL_WINDOW_ADJUST handler does. */
  grant(bytes: number): void;
}

function harness(window: number): Harness {
  const { Channel } = loadSsh2();
  const sent: Buffer[] = [];
  const handed: Buffer[] = [];
  const client = {
    _protocol: {
      channelData: (_id: number, data: Buffer) => {
        handed.push(data);
        sent.push(Buffer.from(data));
      },
    },
  };
  const channel = new Channel(client, {
    type: 'rport',
    incoming: { id: 0, window: 2 * 1024 * 1024, packetSize: 32 * 1024, state: 'open' },
    outgoing: { id: 7, window, packetSize: 32 * 1024, state: 'open' },
  });
  const internals = channel as unknown as {
    _waitWindow: boolean;
    _chunk?: Buffer;
    _chunkcb?: () => void;
    _write(chunk: Buffer, encoding: null, cb?: () => void): void;
  };
  const grant = (bytes: number): void => {
    channel.outgoing.window += bytes;
    if (internals._waitWindow) {
      internals._waitWindow = false;
      if (internals._chunk) internals._write(internals._chunk, null, internals._chunkcb);
      else internals._chunkcb?.();
    }
  };
  return { channel, sent, handed, grant };
}

/** Puts `text` into the shared buffer as a read would and returns the view handed to writeToChannel. */
function read(text: string): Buffer {
  const buffer = targetReadBuffer();
  const n = buffer.write(text, 0, 'latin1');
  return buffer.subarray(0, n);
}

describe('target reads into one shared buffer', () => {
  it('hands the bytes to ssh2 without a copy when the window takes them all', () => {
    const h = harness(1024);
    const bytes = read('first read');
    writeToChannel(h.channel, bytes);
    read('NEXT READ!'); // the following read reuses the buffer
    expect(Buffer.concat(h.sent).toString('latin1')).toBe('first read');
    expect(h.handed[0]).toBe(bytes); // no copy was made
  });

  it('copies what ssh2 would keep by reference while it waits for window', () => {
    const h = harness(4);
    writeToChannel(h.channel, read('0123456789'));
    read('XXXXXXXXXX');
    h.grant(100);
    expect(Buffer.concat(h.sent).toString('latin1')).toBe('0123456789');
  });

  it('copies a read that queues behind one still waiting for window', () => {
    const h = harness(0);
    writeToChannel(h.channel, read('abc'));
    writeToChannel(h.channel, read('def'));
    read('zzz');
    h.grant(100);
    expect(Buffer.concat(h.sent).toString('latin1')).toBe('abcdef');
  });
});
