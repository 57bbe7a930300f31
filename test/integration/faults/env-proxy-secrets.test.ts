// A proxy from the environment, through `rport-tray run` as a user starts it (supervisor + real engine
// worker): the proxy refuses the credentials (407), the status says so naming the proxy and the variable,
// and its password reaches no output: stdout, stderr, the log files, the status file, state.json. The
// status file is what the window and the diagnostics export show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../main/shared/secrets';
import { readStatusFile } from '../../../main/watchdog/status-file';
import { formatStatusReport, statusReport } from '../../../main/watchdog/status-report';
import { filesUnder, placesHolding } from '../../support/faults/secret-scan';
import { rportConf, startHeadlessRun, writeConf, type HeadlessRun } from '../../support/faults/headless-run';
import { eventually } from '../../support/faults/wait';
import { startHttpConnectProxy, type HttpConnectProxy } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';

const PROXY_USER = 'env-user';
const PROXY_PASSWORD = 'Env-Proxy-Pa55-9d1e';

let rportd: TestRportd | null = null;
let proxy: HttpConnectProxy | null = null;
let run: HeadlessRun | null = null;
let root = '';

afterEach(async () => {
  await run?.stop();
  run = null;
  await proxy?.close();
  await rportd?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('a proxy from HTTPS_PROXY that refuses: named with its source, its password nowhere', async () => {
  root = mkdtempSync(path.join(tmpdir(), 'rport-env-proxy-'));
  const configFile = path.join(root, 'rport.conf');
  const dataDir = path.join(root, 'data');
  rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  proxy = await startHttpConnectProxy({
    auth: { username: PROXY_USER, password: 'the-right-one' },
    hosts: { 'rportd.corp.test': '127.0.0.1' },
  });
  writeConf(configFile, rportConf({ server: `wss://rportd.corp.test:${rportd.port}`, dataDir }));
  run = await startHeadlessRun(configFile, {
    env: {
      HTTPS_PROXY: proxy.url({ username: PROXY_USER, password: PROXY_PASSWORD }),
      https_proxy: '',
      ALL_PROXY: '',
      all_proxy: '',
      NO_PROXY: '',
      no_proxy: '',
    },
  });
  const r = run;
  await eventually(() => (r.stdout().match(/Retrying in \S+\.\.\./g) ?? []).length >= 2, 30_000, 'two retries');
  // The status file is rewritten at most every 250 ms, after the log lines that stdout shows at once.
  const status = await eventually(
    () => {
      const engine = readStatusFile(dataDir)?.supervisor.engine ?? null;
      return engine?.lastError ? engine : null;
    },
    10_000,
    "the status file with the engine's last error",
  );
  expect(status.lastError).toBe(
    `proxy http://127.0.0.1:${proxy.port} (from HTTPS_PROXY) refused the tunnel to rportd.corp.test:${rportd.port} ` +
      '(HTTP 407 Proxy Authentication Required): check the user name and password in the proxy URL',
  );
  expect(status.proxy).toBe(`http://127.0.0.1:${proxy.port} (from HTTPS_PROXY)`);
  const file = readStatusFile(dataDir);
  expect(file && formatStatusReport(statusReport(file, true), Date.now())).toContain(
    `  proxy:       http://127.0.0.1:${proxy.port} (from HTTPS_PROXY)\n`,
  );
  expect(r.stdout()).toContain(
    `via http://${PROXY_USER}:${SECRET_MASK}@127.0.0.1:${proxy.port} (from HTTPS_PROXY) ...`,
  );
  expect(proxy.requests[0]?.username).toBe(PROXY_USER);

  expect(await r.stop()).toEqual({ code: 0, signal: null });
  const outputs = { stdout: r.stdout(), stderr: r.stderr(), ...filesUnder(dataDir) };
  expect(Object.keys(outputs).some((k) => k.endsWith('.log'))).toBe(true);
  expect(placesHolding(PROXY_PASSWORD, outputs)).toEqual([]);
  expect(placesHolding(`${PROXY_USER}:${PROXY_PASSWORD}`, outputs)).toEqual([]);
});
