// The engine against the test rportd: connect, handshake payload, reply rules, keep-alive.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

describe('engine: connect and handshake', () => {
  let server: TestRportd;
  let harness: EngineHarness;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  it('connects, sends new_connection once, and is listed as connected without protocol violations', async () => {
    harness = new EngineHarness();
    const config = testConfig({ server: server.url, dataDir: data.dir });
    harness.start(config);
    const client = await server.waitForClient();
    await harness.waitForState('connected');
    expect(client.connectionRequest?.ID).toBe(config.client.id);
    expect(client.clientIdent).toBe('SSH-2.0-rport-v1-client');
    expect(client.headers['sec-websocket-protocol']).toBe('rport-v1');
    expect(server.violations).toEqual([]);
  });
});
