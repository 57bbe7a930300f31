// A raw client of the headless web UI's WebSocket (the frames of main/ui-bridge/ws-protocol.ts): typed
// requests for the happy path, raw frames for abuse, and every frame received kept for inspection (a
// test can search them all for a secret). Nothing here validates on the client side on purpose.
import { WebSocket, type RawData } from 'ws';
import { WS_PATH } from '../../../main/ui-bridge/ws-protocol';

export interface UiFrame {
  kind: string;
  id?: number | null;
  outcome?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  seq?: number;
  event?: { type: string; [key: string]: unknown };
  contractVersion?: number;
}

export class UiClient {
  readonly frames: UiFrame[] = [];
  /** Every frame as received, unparsed. */
  readonly rawFrames: string[] = [];
  closeCode: number | null = null;
  private nextId = 1;
  private waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      this.rawFrames.push(text);
      this.frames.push(JSON.parse(text) as UiFrame);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(origin: string, token: string, headers: Record<string, string> = {}): Promise<UiClient> {
    const url = `${origin.replace(/^http/, 'ws')}${WS_PATH}`;
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token}`, Origin: origin, ...headers },
      maxPayload: 64 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
      const client = new UiClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The first frame (seen or to come) matching `pred`. */
  waitForFrame(pred: (f: UiFrame) => boolean, timeoutMs = 15_000, what = 'a frame'): Promise<UiFrame> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.frames.find(pred);
        if (found) {
          done();
          resolve(found);
        } else if (this.closeCode !== null) {
          done();
          reject(new Error(`the socket closed (${this.closeCode}) while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  waitForEvent(pred: (event: NonNullable<UiFrame['event']>) => boolean, timeoutMs?: number): Promise<UiFrame> {
    return this.waitForFrame((f) => f.kind === 'event' && !!f.event && pred(f.event), timeoutMs, 'an event');
  }

  /** Sends a well-formed request frame; resolves with its response's outcome. */
  async request(name: string, params?: unknown, timeoutMs?: number): Promise<NonNullable<UiFrame['outcome']>> {
    const id = this.nextId++;
    this.sendJson({ kind: 'request', id, name, ...(params === undefined ? {} : { params }) });
    const frame = await this.waitForFrame((f) => f.kind === 'response' && f.id === id, timeoutMs, `response ${id}`);
    return frame.outcome as NonNullable<UiFrame['outcome']>;
  }

  sendJson(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Responses that carry no request id (frames the server could not attribute). */
  anonymousResponses(): UiFrame[] {
    return this.frames.filter((f) => f.kind === 'response' && f.id === null);
  }

  closed(timeoutMs = 10_000): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the socket did not close')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }
}
