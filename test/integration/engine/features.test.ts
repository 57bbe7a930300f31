// The feature seam (server-session.ts): registered request handlers are dispatched under the reply
// rules, session features start after new_connection, receive put_capabilities and stop on close, and
// can notify, open stdout/stderr channels and report activity. Also: the keychain password override.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineFeatureSet, ServerCapabilities, ServerSession } from '../../../main/engine/server-session';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import { SECRET_MASK } from '../../../main/shared/secrets';

describe('engine: feature seam', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  it('dispatches feature requests, starts and stops session features, and routes capabilities', async () => {
    const capabilities: ServerCapabilities[] = [];
    const lifecycle: string[] = [];
    let session: ServerSession | null = null;
    const features: EngineFeatureSet = {
      requestHandlers: {
        echo_json: async (payload) => ({ ok: true, payload }),
        explode: async () => {
          throw new Error('handler failed while holding secret1');
        },
        ping: async () => ({ ok: false, payload: Buffer.from('features must not answer ping') }),
      },
      sessionFeatures: [
        {
          name: 'probe',
          start(s, context) {
            session = s;
            lifecycle.push('start');
            s.notify('updates_status', Buffer.from('{"updates_available":0}'));
            context.activity({
              id: 'a1',
              kind: 'command',
              at: Date.now(),
              summary: '/usr/bin/true',
              outcome: 'running',
              detail: null,
            });
            return {
              capabilities: (c) => capabilities.push(c),
              stop: () => lifecycle.push('stop'),
            };
          },
        },
      ],
    };
    harness = new EngineHarness({ features });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const client = await server.waitForClient();
    await harness.waitForState('connected');

    const echoed = await client.request('echo_json', { hello: 'world' });
    expect(echoed).toEqual({ ok: true, payload: Buffer.from('{"hello":"world"}') });
    const failed = await client.request('explode', null);
    expect(failed.ok).toBe(false);
    expect(failed.payload.toString()).toBe(`handler failed while holding ${SECRET_MASK}`);
    expect((await client.ping(2000)).payload.length).toBe(0);

    const status = await client.waitForRequest('updates_status', 5000);
    expect(status.wantReply).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(capabilities).toEqual([{ ServerVersion: '0.9.13', MonitoringVersion: 1, IPAddressesVersion: 1 }]);
    expect(harness.events.some((e) => e.type === 'remote-activity' && e.activity.id === 'a1')).toBe(true);

    const stdout = await (session as unknown as ServerSession).openChannel('stdout', Buffer.from('{"jid":"j1"}'));
    stdout.end('command output');
    const channel = await client.waitForChannel('stdout', 5000);
    expect(channel.extra.toString()).toBe('{"jid":"j1"}');

    server.dropAll();
    await harness.waitFor((e) => e.type === 'log' && e.line.message === 'Disconnected', 5000, true);
    expect(lifecycle.slice(0, 2)).toEqual(['start', 'stop']);
    expect(server.violations).toEqual([]);
  });

  it('uses the keychain password override instead of the one in auth', async () => {
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir, auth: 'client1:not-the-password' }), {
      passwordOverride: 'secret1',
    });
    await server.waitForClient();
    await harness.waitForState('connected');
    expect(JSON.stringify(harness.events)).not.toContain('secret1');
    expect(JSON.stringify(harness.events)).not.toContain('not-the-password');
  });
});
