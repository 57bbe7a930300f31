// fallback_servers and switchback (docs/protocol.md §6.4, §6.5), and switching on request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const ms = (n: number): number => n * 1e6;

describe('engine: failover and switchback', () => {
  let primary: TestRportd | null;
  let fallback: TestRportd;
  let primaryPort: number;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    fallback = await startTestRportd({ clientLoginWaitMs: 0 });
    primaryPort = await freePort();
    primary = null;
    harness = null;
    data = tempDir();
  });

  afterEach(async () => {
    await harness?.stop();
    await primary?.stop();
    await fallback.stop();
    data.remove();
  });

  const config = (switchbackMs: number) =>
    testConfig({
      server: `127.0.0.1:${primaryPort}`,
      dataDir: data.dir,
      tweak: (c) => {
        c.client.fallback_servers = [fallback.url.replace('ws://', '')];
        c.client.server_switchback_interval = ms(switchbackMs);
      },
    });

  it('fails over to the fallback within the same attempt, then switches back to the primary when it returns', async () => {
    harness = new EngineHarness();
    harness.start(config(300));
    const onFallback = await fallback.waitForClient();
    const connected = await harness.waitForState('connected');
    expect(connected.type === 'progress' && connected.status.server).toMatchObject({ index: 1, role: 'fallback' });
    // No back-off between the primary and the fallback: one attempt tries both.
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'retry')).toHaveLength(0);
    expect(harness.engine.status().servers.map((s) => s.lastResult)).toEqual(['error', 'ok']);

    // The primary is still down: the probe fails and is retried.
    await harness.waitForProgress('switchback-probe', 5000);
    await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('Switchback failed: '), 5000);
    expect(harness.engine.status().switchbackAt).not.toBeNull();

    primary = await startTestRportd({ clientLoginWaitMs: 0, port: primaryPort });
    const onPrimary = await primary.waitForClient(() => true, 5000);
    await fallback.waitForDisconnect(onFallback, 5000);
    await harness.waitFor(
      (e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.role === 'primary',
      5000,
    );
    expect(harness.logs()).toContain('Connected to main server, switching back.');
    expect(onPrimary.sessionId).toBe(onFallback.sessionId);
    expect(primary.violations).toEqual([]);
    expect(fallback.violations).toEqual([]);
  });

  it('moves to the fallback when the primary connection drops and the primary stays down', async () => {
    primary = await startTestRportd({ clientLoginWaitMs: 0, port: primaryPort });
    harness = new EngineHarness();
    harness.start(config(60_000));
    await primary.waitForClient();
    await harness.waitForState('connected');
    await primary.stop();
    primary = null;
    await fallback.waitForClient(() => true, 5000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === 1, 5000);
  });

  it('switches server on request and stays there (no switchback) until asked back', async () => {
    primary = await startTestRportd({ clientLoginWaitMs: 0, port: primaryPort });
    harness = new EngineHarness();
    harness.start(config(200));
    const first = await primary.waitForClient();
    await harness.waitForState('connected');
    harness.engine.switchServer(1);
    await fallback.waitForClient(() => true, 5000);
    await primary.waitForDisconnect(first, 5000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === 1, 5000);
    await new Promise((r) => setTimeout(r, 600));
    expect(harness.engine.status().server?.index).toBe(1);
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'switchback-probe')).toHaveLength(0);
    harness.engine.switchServer(0);
    await primary.waitForClient((c) => c !== first, 5000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === 0, 5000);
  });
});
