// A real AF_UNIX datagram socket standing in for systemd's notify socket, for tests: Python's socket
// module binds it (Node has none) and prints every datagram as one JSON line. Receiving without an
// ancillary buffer drops the file descriptor systemd-notify's barrier passes, which closes it, as
// systemd does once it processed the message, so the helper returns at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LISTENER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps(data.decode("utf-8", "replace")), flush=True)
`;

export interface NotifyDatagram {
  /** Arrival, epoch ms. */
  at: number;
  fields: string[];
}

export interface NotifyListener {
  socket: string;
  datagrams: NotifyDatagram[];
  waitFor(predicate: (d: NotifyDatagram) => boolean, what: string, timeoutMs?: number): Promise<NotifyDatagram>;
  close(): Promise<void>;
}

export async function startNotifyListener(): Promise<NotifyListener> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sdn-'));
  const socket = path.join(dir, 'notify');
  const child: ChildProcess = spawn('python3', ['-c', LISTENER, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
  const datagrams: NotifyDatagram[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the notify listener exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'LISTENING') resolve();
        else if (line)
          datagrams.push({ at: Date.now(), fields: (JSON.parse(line) as string).split('\n').filter(Boolean) });
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    socket,
    datagrams,
    async waitFor(predicate, what, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = datagrams.find(predicate);
        if (found) return found;
        if (Date.now() > until)
          throw new Error(`no datagram with ${what}; got ${JSON.stringify(datagrams.map((d) => d.fields))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
