// A name that does not resolve, a proxy that is down, a wrong password, a wrong server fingerprint: run
// through `rport-tray run` as a user starts it (supervisor + real engine worker). Each must give a clear
// state and message, back off between attempts, never crash or be restarted by the watchdog, recover
// when the cause goes away (where it can), and no secret may reach any output: stdout, stderr, the log
// file, the status file, state.json (every file in the data dir is searched).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, refusedPort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { readStatusFile } from '../../../main/watchdog/status-file';
import { filesUnder, placesHolding } from '../../support/faults/secret-scan';
import { rportConf, startHeadlessRun, writeConf, type HeadlessRun } from '../../support/faults/headless-run';
import { eventually } from '../../support/faults/wait';

const PASSWORD = 'Client-Pa55word-7f3a9c';
const PROXY_PASSWORD = 'Proxy-Pa55word-c41e02';

let rportd: TestRportd | null = null;
let run: HeadlessRun | null = null;
const dirs: string[] = [];

afterEach(async () => {
  await run?.stop();
  run = null;
  await rportd?.stop();
  rportd = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): { configFile: string; dataDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rport-refused-'));
  dirs.push(root);
  return { configFile: path.join(root, 'rport.conf'), dataDir: path.join(root, 'data') };
}

interface Scenario {
  conf: Parameters<typeof rportConf>[0];
  /** What the engine's last error must say. */
  lastError: RegExp;
  secrets: string[];
}

/**
 * Starts `rport-tray run`, waits for three announced retries, and checks the state, the back-off, that
 * the worker was never restarted, and (after a clean stop) that no output holds a secret.
 */
async function expectRetryingWithoutLeaks(s: Scenario, ws: { configFile: string; dataDir: string }): Promise<void> {
  writeConf(ws.configFile, rportConf(s.conf));
  run = await startHeadlessRun(ws.configFile);
  const r = run;
  await eventually(() => (r.stdout().match(/Retrying in \S+\.\.\./g) ?? []).length >= 3, 30_000, 'three retries');
  const status = await eventually(
    () => {
      const st = readStatusFile(ws.dataDir);
      return st?.supervisor.engine?.state === 'reconnecting' && st.supervisor.engine.lastError ? st : null;
    },
    10_000,
    'the status file to show the engine reconnecting with its error',
  );
  expect(status.supervisor.engine?.lastError).toMatch(s.lastError);
  expect(status.supervisor.restarts).toEqual([]);
  expect(status.supervisor.phase).toBe('running');
  expect(r.stdout()).toMatch(/connection error: /);
  // Back-off: the announced waits are positive and never beyond max_retry_interval (1s).
  const waits = [...r.stdout().matchAll(/Retrying in (\d+(?:\.\d+)?)(ms|s)\.\.\./g)].map((m) =>
    m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]),
  );
  expect(waits.length).toBeGreaterThanOrEqual(3);
  for (const w of waits) expect(w).toBeGreaterThan(0);
  for (const w of waits) expect(w).toBeLessThanOrEqual(1000);
  expect(r.alive()).toBe(true);

  const exit = await r.stop();
  expect(exit).toEqual({ code: 0, signal: null });
  const outputs = { stdout: r.stdout(), stderr: r.stderr(), ...filesUnder(ws.dataDir) };
  expect(Object.keys(outputs).some((k) => k.endsWith('.log'))).toBe(true);
  for (const secret of s.secrets) {
    expect(placesHolding(secret, outputs), `places holding ${secret}`).toEqual([]);
    // The scan itself works: the config file, which legitimately holds the secret, is found.
    expect(placesHolding(secret, { config: readFileSync(ws.configFile, 'utf8') })).toEqual(['config']);
  }
}

describe('faults: unreachable or refused, without leaking a secret', () => {
  it('DNS failure (a .invalid name): "no such host", back-off, no crash', async () => {
    const ws = workspace();
    await expectRetryingWithoutLeaks(
      {
        conf: { server: 'ws://rportd.fault-suite.invalid:8080', auth: `client1:${PASSWORD}`, dataDir: ws.dataDir },
        lastError: /lookup rportd\.fault-suite\.invalid: no such host/,
        secrets: [PASSWORD],
      },
      ws,
    );
  });

  it('proxy down: the proxy connection error, back-off, no crash, neither password shown', async () => {
    const ws = workspace();
    // Not freePort(): another test's listen(0) took that port once, and the proxy answered (CI, 2026-12-05).
    const deadProxyPort = await refusedPort();
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    await expectRetryingWithoutLeaks(
      {
        conf: {
          server: rportd.url,
          auth: `client1:${PASSWORD}`,
          dataDir: ws.dataDir,
          clientExtra: [`proxy = "http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:${deadProxyPort}"`],
        },
        lastError: /proxy.*connection refused|connection refused/,
        secrets: [PASSWORD, PROXY_PASSWORD],
      },
      ws,
    );
    expect(rportd.clients).toHaveLength(0);
  });

  it('wrong password: "Authentication failed", back-off, no crash, the password never shown', async () => {
    const ws = workspace();
    rportd = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0, clients: { client1: 'the-right-one' } });
    await expectRetryingWithoutLeaks(
      {
        conf: { server: rportd.url, auth: `client1:${PASSWORD}`, dataDir: ws.dataDir },
        lastError: /^Authentication failed$/,
        secrets: [PASSWORD],
      },
      ws,
    );
    expect(
      rportd.log.filter((l) => l.startsWith('Login failed for client auth id: client1')).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('wrong fingerprint: refused before auth, back-off, no crash; the password never sent or shown', async () => {
    const ws = workspace();
    rportd = await startTestRportd({ clientLoginWaitMs: 0, clients: { client1: PASSWORD } });
    const wrong = rportd.fingerprint
      .split(':')
      .map((b) => (b === '00' ? '01' : '00'))
      .join(':');
    const seenAuth: string[] = [];
    rportd.events.on('upgrade', () => seenAuth.push('upgrade'));
    await expectRetryingWithoutLeaks(
      {
        conf: { server: rportd.url, auth: `client1:${PASSWORD}`, fingerprint: wrong, dataDir: ws.dataDir },
        lastError: /fingerprint/,
        secrets: [PASSWORD],
      },
      ws,
    );
    expect(seenAuth.length).toBeGreaterThanOrEqual(3);
    expect(rportd.clients).toHaveLength(0);
    expect(rportd.log.some((l) => l.startsWith('Login failed'))).toBe(false);
  });

  it('recovers by itself once the cause is gone (the server comes up behind a dead address)', async () => {
    const ws = workspace();
    const port = await freePort();
    writeConf(
      ws.configFile,
      rportConf({ server: `127.0.0.1:${port}`, auth: `client1:${PASSWORD}`, dataDir: ws.dataDir }),
    );
    run = await startHeadlessRun(ws.configFile);
    const r = run;
    await eventually(() => (r.stdout().match(/Retrying in /g) ?? []).length >= 2, 30_000, 'two retries');
    rportd = await startTestRportd({ clientLoginWaitMs: 0, port, clients: { client1: PASSWORD } });
    await rportd.waitForClient(() => true, 20_000);
    await eventually(() => readStatusFile(ws.dataDir)?.supervisor.engine?.state === 'connected', 10_000, 'connected');
    expect(readStatusFile(ws.dataDir)?.supervisor.restarts).toEqual([]);
    await r.stop();
    expect(placesHolding(PASSWORD, { stdout: r.stdout(), stderr: r.stderr(), ...filesUnder(ws.dataDir) })).toEqual([]);
  });
});
