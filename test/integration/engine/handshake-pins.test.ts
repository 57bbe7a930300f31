// Pins of the handshake and the connected state (engine.ts runConnection, logRemote) that only showed
// as vague in the tests so far (issue 20, docs/mutation.md): the refusal of `check_tunnel_allowed` while
// a resume is deferred (docs/protocol.md §3.5), server capabilities reaching every running session
// feature, log lines written only when due, the connect time of `Connected to … within …`, and the
// `https://` of a tunnel rportd serves through its HTTPS proxy (§3.1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineFeatureSet, ServerCapabilities } from '../../../main/engine/server-session';
import { RESUME_DEFERRED_TEXT } from '../../../main/engine/previous-sessions';
import { parseGoDuration } from '../../../main/shared/go/duration';
import type { TcpProxy } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import {
  connectWithTunnelThenCongest,
  startHeldSessionRig,
  type HeldSessionRig,
} from '../../support/engine/held-session';

const ms = (n: number): number => n * 1e6;
const DEFERRED_NOTE = "has not closed this client's previous connection yet";
const TUNNEL_START_WARNING = 'rportd could not start a tunnel';

describe('engine handshake: a resume deferred while rportd still holds the previous session', () => {
  let rig: HeldSessionRig;
  let server: TestRportd;
  let proxy: TcpProxy;
  let harness: EngineHarness | null;
  let echoPort: number;
  let data: HeldSessionRig['data'];

  beforeEach(async () => {
    rig = await startHeldSessionRig();
    ({ server, proxy, echoPort, data } = rig);
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await rig.close();
  });

  it('answers check_tunnel_allowed with a failure carrying RESUME_DEFERRED_TEXT, and says why', async () => {
    harness = new EngineHarness({ timings: { resumeWaitMs: 200, sessionLingerMs: 20_000 } });
    harness.start(
      testConfig({
        server: `127.0.0.1:${proxy.port}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.connection.keep_alive = ms(150);
          c.connection.keep_alive_timeout = ms(300);
        },
      }),
    );
    const { first } = await connectWithTunnelThenCongest(harness, server, proxy, echoPort);
    // Not due on the first connection: nothing was held then.
    expect(harness.logs().filter((l) => l.includes(DEFERRED_NOTE))).toEqual([]);
    // rportd asks about the tunnel it would restore; a failure reply makes it fail the resume with
    // `failed to filter tunnels: client error: <text>` before it touches the session (§3.5). A success
    // reply would be decoded as JSON instead (`failed to decode check_tunnel_allowed response`).
    const refused = await harness.waitFor(
      (e) => e.type === 'log' && e.line.message.startsWith('connection error: failed to filter tunnels'),
      5000,
    );
    expect(refused.type === 'log' && refused.line.message).toBe(
      `connection error: failed to filter tunnels: client error: ${RESUME_DEFERRED_TEXT}`,
    );
    expect(server.log.some((l) => l.endsWith(`failed to filter tunnels: client error: ${RESUME_DEFERRED_TEXT}`))).toBe(
      true,
    );
    // The server as the engine runs it: `127.0.0.1:port` in the config becomes a ws:// URL.
    expect(harness.logs().filter((l) => l.includes(DEFERRED_NOTE))).toContain(
      `ws://127.0.0.1:${proxy.port} ${DEFERRED_NOTE}: tunnels it would restore now are declined (rportd would forget them) and restored on a later attempt`,
    );
    expect(first.isClosed).toBe(false);
    proxy.releaseHeld();
    await server.waitForDisconnect(first, 5000);
    expect(server.violations).toEqual([]);
  });
});

describe('engine handshake: connected state and its log lines', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0 });
    data = tempDir();
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  it('forwards put_capabilities arriving later to every running session feature, past one without a hook', async () => {
    // No put_capabilities after new_connection: the features start without capabilities and get them
    // only when they arrive on the running session.
    await server.stop();
    server = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0, capabilities: null });
    const received: ServerCapabilities[] = [];
    const features: EngineFeatureSet = {
      requestHandlers: {},
      sessionFeatures: [
        // No `capabilities` hook: the engine must skip it, not stop at it.
        { name: 'no-hook', start: () => ({ stop: () => undefined }) },
        { name: 'hooked', start: () => ({ capabilities: (c) => received.push(c), stop: () => undefined }) },
      ],
    };
    harness = new EngineHarness({ features });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const client = await server.waitForClient();
    await harness.waitForState('connected');
    // Features are started once the state is connected (the same turn): a ping round trip later they run.
    await client.ping(2000);
    expect(received).toEqual([]);
    const capabilities = { ServerVersion: '0.9.14', MonitoringVersion: 1, IPAddressesVersion: 1 };
    client.putCapabilities(capabilities);
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([capabilities]);
    expect(harness.logs().filter((l) => l.startsWith('feature '))).toEqual([]);
    expect(server.violations).toEqual([]);
  });

  it('writes no deferred-resume note when rportd has closed the previous connection', async () => {
    harness = new EngineHarness({ timings: { resumeWaitMs: 200 } });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const first = await server.waitForClient();
    await harness.waitForState('connected');
    server.dropAll();
    await server.waitForDisconnect(first, 5000);
    await server.waitForClient((c) => c !== first, 10_000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.attempt === 0, 5000);
    expect(harness.logs().filter((l) => l.startsWith('Connected to '))).toHaveLength(2);
    expect(harness.logs().filter((l) => l.includes(DEFERRED_NOTE))).toEqual([]);
  });

  it('warns that tunnels may be forgotten only when rportd refused to start a tunnel', async () => {
    server.faults.newConnectionFailure = 'some other refusal';
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('connection error: some other'), 5000);
    expect(harness.logs().filter((l) => l.startsWith(TUNNEL_START_WARNING))).toEqual([]);

    server.faults.newConnectionFailure = 'Local port 4444 already in use.';
    const warning = await harness.waitFor(
      (e) => e.type === 'log' && e.line.message.startsWith(TUNNEL_START_WARNING),
      5000,
    );
    expect(warning.type === 'log' && warning.line.level).toBe('warn');
    expect(warning.type === 'log' && warning.line.message).toBe(
      `${TUNNEL_START_WARNING} (Local port 4444 already in use.); a resume that fails this way makes rportd forget the tunnels it kept for this client, so tunnels created on the server may have to be created again`,
    );
  });

  it('reports the time new_connection took in Connected to … within …', async () => {
    // rportd answers 300 ms late: the time is at least that and at most what passed around the start.
    server.faults.delayNewConnectionReplyMs = 300;
    harness = new EngineHarness();
    const before = process.hrtime.bigint();
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const line = await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('Connected to '), 10_000);
    const around = Number(process.hrtime.bigint() - before);
    const message = line.type === 'log' ? line.line.message : '';
    const match = /^Connected to 127\.0\.0\.1:\d+ within (\S+)$/.exec(message);
    expect(match, message).not.toBeNull();
    const took = parseGoDuration(match?.[1] ?? '');
    expect(took).toBeGreaterThanOrEqual(ms(290));
    expect(took).toBeLessThanOrEqual(around);
  });

  it('logs a restored http_proxy tunnel as available on https://, a plain one without a scheme', async () => {
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const first = await server.waitForClient();
    await harness.waitForState('connected');
    // Tunnels created on the server (the API) come back in the reply to the next new_connection (§3.5).
    await first.openTunnel({ target: '127.0.0.1:8080', httpProxy: true });
    await first.openTunnel({ target: '127.0.0.1:8081' });
    server.dropAll();
    await server.waitForDisconnect(first, 5000);
    const resumed = await server.waitForClient((c) => c !== first, 10_000);
    const proxied = resumed.remotes?.find((r) => r.rport === '8080');
    const plain = resumed.remotes?.find((r) => r.rport === '8081');
    expect(proxied?.http_proxy).toBe(true);
    expect(plain?.http_proxy).toBe(false);
    await harness.waitFor((e) => e.type === 'log' && e.line.message.includes('127.0.0.1:8081 has become'), 5000);
    expect(harness.logs()).toEqual(
      expect.arrayContaining([
        `New tunnel: 0.0.0.0:${proxied?.lport}:127.0.0.1:8080`,
        `Local port 127.0.0.1:8080 has become available on https://0.0.0.0:${proxied?.lport}`,
        `New tunnel: 0.0.0.0:${plain?.lport}:127.0.0.1:8081`,
        `Local port 127.0.0.1:8081 has become available on 0.0.0.0:${plain?.lport}`,
      ]),
    );
    expect(server.violations).toEqual([]);
  });
});
