// A hostile or broken server, against the real engine worker process (dist/engine-worker.cjs with the
// remote features): malformed and oversized request payloads, unknown request names, channel opens to
// forbidden or nonsense targets, and thousands of channel opens in a burst. Every request gets exactly
// one clear reply, every channel a clear refusal, the engine's memory and file descriptors stay bounded,
// it never crashes, and the same connection keeps working afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRportd, type TestClient, type TestRportd } from '../../support/rportd';
import { tempDir, testConfig } from '../../support/engine/engine-harness';
import { echoOnce, startEchoTarget, type EchoTarget } from '../../support/faults/checked-streams';
import { startEngineProcess, type EngineProcess, type ProcessMeasurement } from '../../support/faults/engine-process';
import { freePort } from '../../support/net';
import { eventually } from '../../support/faults/wait';

const MIB = 1024 * 1024;
const NOT_ALLOWED = 'not allowed with "tunnel_allowed" config';
/** x/crypto (rportd and the Go client) drops a connection on a packet over 256 KiB; so does the engine. */
const NEAR_LIMIT = 250 * 1024;
const OVER_LIMIT = 300 * 1024;

let server: TestRportd;
let target: EchoTarget;
let engine: EngineProcess;
let client: TestClient;
let deadPort: number;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  server = await startTestRportd({ clientLoginWaitMs: 0 });
  target = await startEchoTarget();
  deadPort = await freePort();
  data = tempDir('rport-abuse-');
  engine = await startEngineProcess({
    config: testConfig({
      server: server.url,
      dataDir: data.dir,
      tweak: (c) => {
        c.client.tunnel_allowed = [`127.0.0.1:${target.port}`, `127.0.0.1:${deadPort}`];
        c.connection.keep_alive = 500 * 1e6;
        c.connection.keep_alive_timeout = 5_000 * 1e6;
        c.client.data_dir = data.dir;
        c['remote-commands'].enabled = true;
      },
    }),
  });
  client = await server.waitForClient(() => true, 20_000);
  await engine.waitConnected(20_000);
});

afterAll(async () => {
  await engine?.stop();
  await server?.stop();
  await target?.close();
  data?.remove();
});

/** The connection is the same one, answers pings, and carries a checked tunnel. */
async function stillServing(): Promise<void> {
  expect(engine.alive).toBe(true);
  expect(client.isClosed).toBe(false);
  expect(server.clients).toEqual([client]);
  expect((await client.ping(10_000)).ok).toBe(true);
  const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
  const echo = await echoOnce(tunnel.port, MIB, 99);
  expect(echo.receivedSha256).toBe(echo.sentSha256);
  await tunnel.close();
  expect(server.violations).toEqual([]);
}

function grew(before: ProcessMeasurement, after: ProcessMeasurement): string {
  const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;
  return `heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, rss ${mib(before.rss)} → ${mib(after.rss)}, fds ${before.fds} → ${after.fds}`;
}

describe('abuse: malformed, oversized and unknown server requests', () => {
  const garbage = [
    Buffer.from('{not json'),
    Buffer.from('null'),
    Buffer.from('[]'),
    Buffer.from('"a string"'),
    Buffer.from('{"HostPort": 12, "Timeout": "soon", "Remote": [], "command": {}, "jid": 7}'),
    Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]),
    Buffer.alloc(0),
  ];

  it('each malformed payload of every request the client knows gets exactly one clear reply', async () => {
    for (const name of ['check_port', 'check_tunnel_allowed', 'run_cmd', 'upload', 'update_client_metadata']) {
      for (const payload of garbage) {
        const reply = await client.request(name, payload, { timeoutMs: 10_000 });
        const text = reply.payload.toString('utf8');
        if (reply.ok) {
          // Accepting odd but decodable input is fine only when the answer is well-formed JSON.
          expect(() => JSON.parse(text), `${name} ${payload.toString('hex')} → ${text}`).not.toThrow();
        } else {
          expect(text.length, `${name} ${payload.toString('hex')}`).toBeGreaterThan(0);
          expect(text).not.toBe('unknown request');
        }
      }
      // Malformed JSON is always refused.
      const bad = await client.request(name, Buffer.from('{not json'));
      expect(bad.ok, name).toBe(false);
    }
    const refresh = await client.request('refresh_updates_status', Buffer.from('{not json'));
    expect(typeof refresh.ok).toBe('boolean');
    await stillServing();
  });

  it('unknown request names are answered "unknown request", whatever they look like', async () => {
    for (const name of [
      'nope',
      'new_connection',
      'cmd_result',
      '__proto__',
      'constructor',
      'x'.repeat(1000),
      '\u0000',
    ]) {
      const reply = await client.request(name, Buffer.from('{}'));
      expect(reply.ok, name.slice(0, 20)).toBe(false);
      expect(reply.payload.toString('utf8')).toBe('unknown request');
    }
    await stillServing();
  });

  it('payloads near the size limit are refused clearly and promptly', async () => {
    const big = Buffer.alloc(NEAR_LIMIT, 0x7b); // '{{{{…': near the limit and not JSON
    for (const name of ['check_port', 'run_cmd', 'upload', 'update_client_metadata']) {
      const reply = await client.request(name, big, { timeoutMs: 10_000 });
      expect(reply.ok, name).toBe(false);
      expect(reply.payload.length).toBeLessThan(4096);
    }
    const longCommand = { jid: 'j1', command: `echo ${'a'.repeat(NEAR_LIMIT - 100)}`, timeout_sec: 1 };
    const reply = await client.request('run_cmd', longCommand, { timeoutMs: 10_000 });
    expect(reply.ok).toBe(false);
    await stillServing();
  });

  it('a payload over the SSH packet limit drops only that connection (as x/crypto does): the engine reconnects', async () => {
    const first = client;
    await client.request('run_cmd', Buffer.alloc(OVER_LIMIT, 0x20), { timeoutMs: 5_000 }).catch(() => undefined);
    await server.waitForDisconnect(first, 15_000);
    client = await server.waitForClient((c) => c !== first, 20_000);
    expect(client.sessionId).toBe(first.sessionId);
    await eventually(
      () => engine.events.filter((e) => e.type === 'progress' && e.kind === 'connected').length >= 2,
      15_000,
      'reconnected',
    );
    await stillServing();
  });
});

describe('abuse: channel opens', () => {
  it('forbidden and nonsense targets are refused with the exact text; allowed ones work', async () => {
    for (const extra of [
      '127.0.0.1:22',
      '10.0.0.1:80',
      `127.0.0.2:${target.port}`,
      '[::1]:22',
      '127.0.0.1:99999',
      '',
      ':::',
      'a'.repeat(4096),
    ]) {
      const opened = await client.openRawChannel(extra);
      expect(opened.accepted, extra.slice(0, 30)).toBe(false);
      expect(opened.reason).toBe(NOT_ALLOWED);
    }
    // An allowed target with a protocol the client does not know: accepted, then closed at once (as Go does).
    const odd = await client.openRawChannel(`127.0.0.1:${target.port}/icmp`);
    expect(odd.accepted).toBe(true);
    await new Promise((resolve) => {
      odd.stream?.once('close', resolve);
      odd.stream?.resume();
    });
    const allowed = await client.openRawChannel(`127.0.0.1:${target.port}`);
    expect(allowed.accepted).toBe(true);
    allowed.stream?.end();
    expect(
      engine.logs().some((l) => l.startsWith('Rejecting stream to "127.0.0.1:22" based on "tunnel_allowed" config')),
    ).toBe(true);
    await stillServing();
  });

  it('5,000 channel opens in a burst: all refused or closed, memory and fds bounded, no crash', async () => {
    const before = await engine.measure();
    const outcomes = { refused: 0, accepted: 0 };
    const closes: Promise<void>[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const opens = Array.from({ length: 500 }, (_, i) =>
        // Four in five to a forbidden target, one in five allowed but to a port where nothing listens.
        client.openRawChannel(i % 5 === 0 ? `127.0.0.1:${deadPort}` : `127.0.0.1:${20_000 + i}`),
      );
      for (const opened of await Promise.all(opens)) {
        if (opened.accepted && opened.stream) {
          outcomes.accepted++;
          const stream = opened.stream;
          closes.push(new Promise((resolve) => stream.once('close', () => resolve())));
          // Read it, or its 'close' never comes (a paused stream never ends).
          stream.resume();
        } else {
          outcomes.refused++;
          expect(opened.reason).toBe(NOT_ALLOWED);
        }
      }
    }
    expect(outcomes).toEqual({ refused: 4_000, accepted: 1_000 });
    // The engine closes each accepted channel when its dial is refused.
    await Promise.all(closes);
    await stillServing();
    const after = await eventually(
      async () => {
        const m = await engine.measure();
        return m.fds <= before.fds + 4 ? m : null;
      },
      15_000,
      'file descriptors back to where they were',
    );
    expect(after.heapUsed - before.heapUsed, grew(before, after)).toBeLessThan(32 * MIB);
    expect(after.rss - before.rss, grew(before, after)).toBeLessThan(160 * MIB);
    expect(engine.alive).toBe(true);
  });
});
