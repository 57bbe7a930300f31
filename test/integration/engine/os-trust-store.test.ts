// The OS trust store, end to end, in the product's own engine worker process (dist/engine-worker.cjs
// under the supervisor): a wss:// server whose CA is only in the OS lookup (a temp bundle that
// SSL_CERT_FILE points OpenSSL's and system-ca's lookup at; NODE_EXTRA_CA_CERTS removed, which this
// machine sets) connects; the same server with the CA absent from that lookup is refused with a message
// that says what to check. The negative control shows the positive case is the engine's doing: Node on
// its own does not read SSL_CERT_FILE (and did not before this change).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineTimingFacts } from '../../../main/watchdog/engine-timing-facts';
import { createForkWorkerHost } from '../../../main/watchdog/fork-worker-host';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import type { Supervisor, SupervisorStatus } from '../../../main/watchdog/supervisor-types';
import { testConfig, TEST_TIMINGS } from '../../support/engine/engine-harness';
import { startTlsFront, TEST_CA_PEM, type TlsFront } from '../../support/engine/tls-front';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { TEST_POLICY, WORKER_BUNDLE } from '../watchdog/watchdog-harness';

describe('engine worker: the OS trust store for wss://', () => {
  let rportd: TestRportd;
  let front: TlsFront;
  let dir: string;
  let supervisor: Supervisor | null;
  let logs: string[];

  beforeAll(() => {
    expect(typeof (tls as { getCACertificates?: unknown }).getCACertificates, 'this test is about Node 20').toBe(
      'undefined',
    );
  });

  beforeEach(async () => {
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    front = await startTlsFront(rportd.port);
    dir = mkdtempSync(path.join(tmpdir(), 'rport-os-trust-'));
    supervisor = null;
    logs = [];
  });

  afterEach(async () => {
    if (supervisor) {
      await supervisor.stop().catch(() => undefined);
      supervisor.dispose();
    }
    await front.close();
    await rportd.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the worker with the OS lookup pointed at a bundle holding only `bundleCerts`. */
  function startWorker(bundleCerts: string[]): string {
    const bundle = path.join(dir, 'os-bundle.pem');
    writeFileSync(bundle, `${bundleCerts.join('\n')}\n`);
    const emptyCertDir = mkdtempSync(path.join(dir, 'certs-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SSL_CERT_FILE: bundle,
      SSL_CERT_DIR: emptyCertDir,
      RPORT_TRAY_TEST_FAULTS: '1',
      RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(TEST_TIMINGS),
    };
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.NODE_OPTIONS;
    supervisor = createSupervisor({
      host: createForkWorkerHost({ entry: WORKER_BUNDLE, env }),
      engineTiming: engineTimingFacts(TEST_TIMINGS),
      policy: TEST_POLICY,
    });
    supervisor.on((event) => {
      if (event.type === 'engine' && event.event.type === 'log') logs.push(event.event.line.message);
    });
    supervisor.start({
      config: testConfig({ server: `wss://localhost:${front.port}`, dataDir: path.join(dir, 'data') }),
      configPath: path.join(dir, 'rport.conf'),
    });
    return bundle;
  }

  function waitFor(predicate: (s: SupervisorStatus) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        const status = supervisor?.status();
        if (status && predicate(status)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          reject(
            new Error(
              `timed out waiting for ${what}: ${JSON.stringify(status?.engine ?? null)}; ${logs.slice(-6).join(' | ')}`,
            ),
          );
        }
      }, 50);
    });
  }

  it('connects to a server whose CA only the OS lookup finds, and logs the stores it read', async () => {
    const bundle = startWorker([TEST_CA_PEM.toString('utf8').trim()]);
    await waitFor((s) => s.engine?.state === 'connected', 'connected');
    expect(rportd.clients.length).toBe(1);
    expect(front.serverNames).toContain('localhost');
    expect(logs).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^TLS: trusting \\d+ from Node's bundled roots, 1 from the system store \\(SSL_CERT_FILE=${bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, `,
        ),
      ),
    );
    expect(logs.join('\n')).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('refuses the same server when its CA is not in the OS lookup, saying what to check', async () => {
    // Another CA (a public root) in the bundle: the lookup works, it just does not hold ours.
    startWorker([tls.rootCertificates[0] ?? '']);
    await waitFor((s) => (s.engine?.attempt ?? 0) >= 1 && s.engine?.lastError != null, 'a refused dial');
    const lastError = supervisor?.status().engine?.lastError ?? '';
    expect(lastError).toMatch(
      /^tls: unable to verify the first certificate: the certificate of localhost is not signed by a CA this machine trusts \(checked: Node's bundled roots, the system trust store and NODE_EXTRA_CA_CERTS\); install the issuing root CA/,
    );
    expect(rportd.clients.length).toBe(0);
  });
});
