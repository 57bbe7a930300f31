import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WsDuplex } from '../../../main/engine/ws-duplex';

class FakeWs extends EventEmitter {
  readyState = 1;
  sent: Buffer[] = [];
  paused = false;
  terminated = false;
  send(data: Buffer): void {
    this.sent.push(Buffer.from(data));
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
}

function collect(duplex: WsDuplex): Buffer[] {
  const chunks: Buffer[] = [];
  duplex.on('data', (c: Buffer) => chunks.push(c));
  return chunks;
}

describe('WebSocket byte stream (§1.4, §2.1)', () => {
  it('rewrites rportd’s ident line and remembers the original', async () => {
    const ws = new FakeWs();
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    const chunks = collect(duplex);
    ws.emit('message', Buffer.from('SSH-rport-v1-server\r\n\x00\x00\x00\x10kex'));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(chunks).toString('latin1')).toBe('SSH-2.0-rport-v1-server\r\n\x00\x00\x00\x10kex');
    expect(duplex.originalIdent?.toString('latin1')).toBe('SSH-rport-v1-server');
  });

  it('waits for a complete ident line split across messages and passes greetings through', async () => {
    const ws = new FakeWs();
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    const chunks = collect(duplex);
    ws.emit('message', Buffer.from('hello\r\nSSH-rport'));
    await new Promise((r) => setImmediate(r));
    expect(chunks).toEqual([]);
    ws.emit('message', Buffer.from('-v1-server\r\n'));
    ws.emit('message', Buffer.from('rest'));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(chunks).toString('latin1')).toBe('hello\r\nSSH-2.0-rport-v1-server\r\nrest');
  });

  it('leaves a standard ident untouched', async () => {
    const ws = new FakeWs();
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    const chunks = collect(duplex);
    ws.emit('message', Buffer.from('SSH-2.0-OpenSSH_9\r\n'));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(chunks).toString()).toBe('SSH-2.0-OpenSSH_9\r\n');
    expect(duplex.originalIdent).toBeNull();
  });

  it('writes each chunk as a binary message, ends on close, terminates on destroy', async () => {
    const ws = new FakeWs();
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    const ended = new Promise((r) => duplex.once('end', r));
    duplex.resume();
    duplex.write(Buffer.from('abc'));
    await new Promise((r) => setImmediate(r));
    expect(ws.sent.map((b) => b.toString())).toEqual(['abc']);
    ws.emit('close');
    await ended;
    const ws2 = new FakeWs();
    new WsDuplex(ws2 as unknown as WebSocket).destroy();
    expect(ws2.terminated).toBe(true);
  });

  it('sends what piled up while the socket drained as one message per write, corked together, uncopied', async () => {
    class FakeSocket extends EventEmitter {
      writableNeedDrain = true;
      corked = 0;
      log: string[] = [];
      cork(): void {
        this.corked++;
        this.log.push('cork');
      }
      uncork(): void {
        this.corked--;
        this.log.push('uncork');
      }
    }
    const socket = new FakeSocket();
    const ws = Object.assign(new FakeWs(), { _socket: socket });
    const originalSend = ws.send.bind(ws);
    ws.send = (data: Buffer): void => {
      socket.log.push(`send ${data.toString()}${socket.corked ? ' (corked)' : ''}`);
      originalSend(data);
    };
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    const packets = ['p1', 'p2', 'p3', 'p4'].map((t) => Buffer.from(t));
    let written = 0;
    for (const p of packets) duplex.write(p, () => written++);
    await new Promise((r) => setImmediate(r));
    // The first went out; the socket needs to drain, so the rest wait in the duplex.
    expect(socket.log).toEqual(['send p1']);
    expect(written).toBe(0);
    socket.writableNeedDrain = false;
    socket.emit('drain');
    await new Promise((r) => setImmediate(r));
    expect(socket.log).toEqual([
      'send p1',
      'cork',
      'send p2 (corked)',
      'send p3 (corked)',
      'send p4 (corked)',
      'uncork',
    ]);
    expect(ws.sent.map((b) => b.toString())).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(written).toBe(4);
  });

  it('pauses the WebSocket while the reader is behind and resumes it once it reads', async () => {
    const ws = new FakeWs();
    const duplex = new WsDuplex(ws as unknown as WebSocket);
    ws.emit('message', Buffer.from('SSH-2.0-x\r\n'));
    // Nobody reads: past the 1 MiB read buffer the socket must stop delivering.
    for (let i = 0; i < 3 && !ws.paused; i++) ws.emit('message', Buffer.alloc(512 * 1024));
    expect(ws.paused).toBe(true);
    duplex.resume();
    await new Promise((r) => setImmediate(r));
    expect(ws.paused).toBe(false);
  });
});
