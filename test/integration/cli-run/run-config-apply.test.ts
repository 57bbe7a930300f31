// `rport-tray run` applying config edits without cutting what is open, as real processes: a tunnel stream
// through the test rportd keeps carrying data across a comment-only edit of the config (nothing to apply)
// and a log-level edit (applied live: the debug lines appear), with the same worker and the same session;
// an edit of the server still moves the client (run-headless.test.ts).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RunHarness, connected } from './run-harness';

let h: RunHarness;
let echo: Server | null = null;

afterEach(async () => {
  await h.cleanup();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  echo = null;
});

/** Writes `text` and resolves with what comes back (the echo server returns it). */
function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer): void => {
      got += d.toString();
      if (got.length >= text.length) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(got);
      }
    };
    const onClose = (): void => reject(new Error(`the stream closed after ${JSON.stringify(got)}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(text);
  });
}

describe('rport-tray run: config edits and open tunnel streams', () => {
  it('keeps an open tunnel stream across a comment-only edit and a live log-level edit', async () => {
    h = new RunHarness();
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo?.listen(0, '127.0.0.1', resolve));
    const echoPort = (echo.address() as { port: number }).port;
    const rportd = await h.rportd();
    const { dataDir, configFile } = h.config(rportd);
    const run = h.run(['--config', configFile]);
    const up = await h.waitForStatus(dataDir, connected, 'connected');
    const client = await rportd.waitForClient();

    const tunnel = await client.openTunnel({ target: `127.0.0.1:${echoPort}` });
    const stream = connect(tunnel.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => stream.once('connect', resolve).once('error', reject));
    expect(await roundTrip(stream, 'before any edit')).toBe('before any edit');

    // A comment and a value written another way: nothing the engine uses changed.
    const original = readFileSync(configFile, 'utf8');
    writeFileSync(configFile, `# edited by hand\n${original.replace('keep_alive = "1s"', 'keep_alive = "1000ms"')}`);
    await h.waitForOutput(run, /INFO +config: .*changed on disk; nothing the engine uses changed/);
    expect(await roundTrip(stream, 'after a comment')).toBe('after a comment');

    // The log level is applied live: debug lines (pings every second) appear, nothing is cut.
    writeFileSync(configFile, `${original}\n[logging]\nlog_level = "debug"\n`);
    await h.waitForOutput(run, /INFO +config: .*changed on disk; applied without reconnecting: logging\.log_level/);
    await h.waitForOutput(run, /DEBUG +engine: ping to .* succeeded within/);
    expect(await roundTrip(stream, 'after a live change')).toBe('after a live change');

    expect(run.stdout()).not.toMatch(/restarting the engine/);
    expect(h.status(dataDir)?.supervisor.workerPid).toBe(up.supervisor.workerPid);
    expect(rportd.clients).toHaveLength(1);
    expect(client.isClosed).toBe(false);
    stream.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });
});
