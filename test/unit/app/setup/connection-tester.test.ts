import { describe, expect, it } from 'vitest';
import { setupConfig, toReport } from '../../../../main/app/setup/connection-tester';

describe('connection test report', () => {
  it('names the failing step, marks the later ones skipped and picks out the server fingerprint', () => {
    const report = toReport({
      ok: false,
      steps: [
        { step: 'dns', ok: true, ms: 0, message: '127.0.0.1 is an IP address' },
        { step: 'tcp', ok: true, ms: 1, message: 'connected' },
        { step: 'websocket', ok: true, ms: 2, message: 'upgrade accepted' },
        { step: 'ssh', ok: true, ms: 3, message: 'SSH handshake with the server' },
        {
          step: 'fingerprint',
          ok: false,
          ms: 0,
          message: 'invalid fingerprint (a7:74:f2:59:b2:db:96:e4:f3:d9:34:57:ac:63:8d:b6)',
        },
      ],
    });
    expect(report.failedStep).toBe('fingerprint');
    expect(report.message).toBe('invalid fingerprint (a7:74:f2:59:b2:db:96:e4:f3:d9:34:57:ac:63:8d:b6)');
    expect(report.serverFingerprint).toBe('a7:74:f2:59:b2:db:96:e4:f3:d9:34:57:ac:63:8d:b6');
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['dns', 'ok'],
      ['tcp', 'ok'],
      ['websocket', 'ok'],
      ['ssh', 'ok'],
      ['fingerprint', 'failed'],
      ['auth', 'skipped'],
    ]);
  });

  it('shows the proxy step, between TCP and WebSocket, only when the test went through a proxy', () => {
    const report = toReport({
      ok: false,
      steps: [
        { step: 'dns', ok: true, ms: 0, message: '127.0.0.1 is an IP address' },
        { step: 'tcp', ok: true, ms: 1, message: 'connected to 127.0.0.1:3128 (proxy http://127.0.0.1:3128)' },
        { step: 'proxy', ok: false, ms: 1, message: 'proxy http://127.0.0.1:3128 (from HTTPS_PROXY) refused …' },
      ],
    });
    expect(report.failedStep).toBe('proxy');
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['dns', 'ok'],
      ['tcp', 'ok'],
      ['proxy', 'failed'],
      ['websocket', 'skipped'],
      ['ssh', 'skipped'],
      ['fingerprint', 'skipped'],
      ['auth', 'skipped'],
    ]);
  });

  it('reports success with every step ok', () => {
    const steps = (['dns', 'tcp', 'websocket', 'ssh', 'fingerprint', 'auth'] as const).map((step) => ({
      step,
      ok: true,
      ms: 1,
      message: step,
    }));
    expect(toReport({ ok: true, steps })).toMatchObject({
      ok: true,
      failedStep: null,
      message: 'the server accepted these credentials',
    });
  });

  it('builds the tested config from the setup input on top of the defaults', () => {
    const config = setupConfig(
      { server: ' ws://h:1 ', fallbackServers: ['ws://f:2'], authId: 'c1', password: 'p:w', fingerprint: 'aa' },
      '/data',
    );
    expect(config.client).toMatchObject({
      server: 'ws://h:1',
      fallback_servers: ['ws://f:2'],
      auth: 'c1:p:w',
      fingerprint: 'aa',
      data_dir: '/data',
    });
    expect(config.connection.keep_alive).toBe(180e9);
  });
});
