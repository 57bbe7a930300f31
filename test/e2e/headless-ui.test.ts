// The window in Debian's Chromium against `rport-tray run --ui` as a real process, with the real engine
// worker and two test rportd servers (primary and fallback). The state and server shown follow the
// engine; a bad config edit is refused at its line and not saved; a good one is saved with comments
// kept and the engine reconnects with it; requests without the token are refused. Screenshots of every
// view go to test-results/screenshots/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchChromium } from '../support/e2e/chromium';
import { contrastFailures, layoutProblems } from '../support/e2e/contrast';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { setHash } from '../support/e2e/page-state';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';

const PASSWORD = 'e2e-Secret-Pa55word';
const KEY_SEED = 'rport-tray-e2e';

let primary: TestRportd;
let fallback: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let echo: Server;
let dir = '';
let configFile = '';
/** Errors the window logs to the browser console (an invalid CSP source, a failed request, a crash). */
const consoleErrors: string[] = [];

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  RPORT_TRAY_TEST_FAULTS: '1',
  RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({
    backoffMinMs: 300,
    dialTimeoutMs: 2_000,
    newConnectionReplyTimeoutMs: 2_000,
    keepAliveJitterMs: 100,
    minConnectionLifetimeMs: 300,
  }),
  RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify({ slackMs: 5_000, stopGraceMs: 500, backoff: { initialMs: 200 } }),
  RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
  // The app's data folder (preferences) stays inside the test's folder.
  XDG_DATA_HOME: path.join(dir, 'xdg'),
});

function configText(): string {
  return [
    '# RPort client for the e2e test',
    '[client]',
    '  # where the client connects first',
    `  server = "${primary.url}"`,
    `  fallback_servers = ["${fallback.url}"]`,
    "  server_switchback_interval = '10m'",
    `  auth = "client1:${PASSWORD}"`,
    `  fingerprint = "${primary.fingerprint}"`,
    `  data_dir = "${path.join(dir, 'data')}"`,
    '  id = "e2e-client"',
    '  name = "e2e-before"',
    '',
    '[connection]',
    "  keep_alive = '1s'  # short, so pings show in the chart",
    // Generous: a loaded CI machine must not turn a slow ping reply into a reconnect mid-test.
    "  keep_alive_timeout = '10s'",
    '',
    '[monitoring]',
    '  enabled = false',
    '',
  ].join('\n');
}

const state = () => page.getByTestId('engine-state');
const activeServer = () => page.getByTestId('active-server');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-e2e-'));
  const clients = { client1: PASSWORD };
  primary = await startTestRportd({ clients, keySeed: KEY_SEED, clientLoginWaitMs: 0 });
  fallback = await startTestRportd({ clients, keySeed: KEY_SEED, clientLoginWaitMs: 0 });
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  configFile = path.join(dir, 'rport.conf');
  writeFileSync(configFile, configText(), { mode: 0o600 });
  ui = await startHeadlessUi(configFile, env());
  browser = await launchChromium();
  context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1180, height: 820 },
    colorScheme: 'light',
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await ui?.stop();
  await primary?.stop();
  await fallback?.stop();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function httpGet(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ui.port, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsUpgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${ui.port}/ws`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
}

/** A run_cmd job as rportd sends it (docs/protocol.md §5.4). */
function runCmdJob(command: string): Record<string, unknown> {
  return {
    jid: randomUUID(),
    status: 'running',
    finished_at: null,
    client_id: 'e2e-client',
    client_name: 'e2e-before',
    command,
    cwd: '',
    interpreter: '',
    pid: null,
    started_at: '0001-01-01T00:00:00Z',
    created_by: 'admin',
    timeout_sec: 30,
    multi_job_id: null,
    schedule_id: null,
    error: '',
    result: null,
    is_sudo: false,
    is_script: false,
    stream_result: false,
  };
}

async function view(name: string): Promise<void> {
  await page.getByTestId(`nav-${name}`).click();
}

describe('headless web UI', () => {
  it('refuses every request without the token, and a wrong Origin (HTTP and WebSocket)', async () => {
    expect((await httpGet('/')).status).toBe(401);
    expect((await httpGet('/?token=not-the-token')).status).toBe(401);
    expect((await httpGet(`/?token=${ui.token}`, { host: `attacker.example:${ui.port}` })).status).toBe(403);
    expect(await wsUpgradeStatus({ origin: ui.origin })).toBe(401);
    const cookie = `rport_tray_ui_${ui.port}=${ui.token}`;
    expect(await wsUpgradeStatus({ origin: 'http://attacker.example', cookie })).toBe(403);
    expect(await wsUpgradeStatus({ origin: ui.origin, cookie })).toBe(101);

    // The browser without the token gets nothing of the app either.
    const bare = await context.newPage();
    const response = await bare.goto(`${ui.origin}/`);
    expect(response?.status()).toBe(401);
    expect(await bare.getByTestId('engine-state').count()).toBe(0);
    await bare.close();
  });

  it('shows the engine connecting to the primary, with pings in the chart', async () => {
    await page.goto(ui.url);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    await expect.poll(() => state().textContent()).toBe('connected');
    expect(await activeServer().getAttribute('data-role')).toBe('primary');
    expect(await activeServer().textContent()).toContain(primary.url);
    await expect
      .poll(async () => Number(await page.getByTestId('latency-chart').getAttribute('data-samples')), {
        timeout: 10_000,
      })
      .toBeGreaterThan(1);
    expect(consoleErrors).toEqual([]);
    await screenshot(page, '01-status');
  });

  it('lists a live tunnel stream with its bytes each way, then shows it closed', async () => {
    const target = `127.0.0.1:${(echo.address() as { port: number }).port}`;
    const client = await primary.waitForClient();
    const tunnel = await client.openTunnel({ target });
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(tunnel.port, '127.0.0.1', resolve));
    socket.write('hello through the tunnel');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    await view('tunnels');
    const row = page.getByTestId('tunnel-row').first();
    await expect.poll(() => row.getAttribute('data-open')).toBe('true');
    expect(await row.textContent()).toContain(target);
    // Byte counts arrive with the engine's periodic tunnel updates.
    await expect.poll(async () => Number(await row.getAttribute('data-bytes-in')), { timeout: 10_000 }).toBe(24);
    expect(Number(await row.getAttribute('data-bytes-out'))).toBe(24);
    await screenshot(page, '03-tunnels');
    socket.destroy();
    await expect.poll(() => row.getAttribute('data-open'), { timeout: 10_000 }).toBe('false');
    await tunnel.close();
  });

  it('lists the commands the server ran or was refused', async () => {
    const client = await primary.waitForClient();
    const allowed = await client.request('run_cmd', runCmdJob('/usr/bin/id'));
    expect(allowed.ok).toBe(true);
    const refused = await client.request('run_cmd', runCmdJob('id; rm -rf /'));
    expect(refused.ok).toBe(false);
    await view('activity');
    const items = page.getByTestId('activity-item');
    await expect.poll(() => items.count()).toBe(2);
    await expect
      .poll(() => page.locator('[data-testid="activity-item"][data-outcome="successful"]').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await page.locator('[data-testid="activity-item"][data-outcome="refused"]').textContent()).toContain(
      'id; rm -rf /',
    );
    await screenshot(page, '04-activity');
  });

  it('fails over to the fallback when the primary dies, and goes back on request', async () => {
    await primary.stop();
    await expect
      .poll(async () => [await state().textContent(), await activeServer().getAttribute('data-role')], {
        timeout: 20_000,
      })
      .toEqual(['connected', 'fallback']);
    expect(await activeServer().textContent()).toContain(fallback.url);
    await view('servers');
    await expect
      .poll(() => page.getByTestId('switchback-countdown').textContent())
      .toMatch(/Next try of the primary in \d+m/);
    const active = page.locator('[data-testid="server-item"][data-active="true"]');
    expect(await active.getAttribute('data-index')).toBe('1');
    await screenshot(page, '02-servers-on-fallback');

    await primary.restart();
    await page.getByTestId('switch-primary').click();
    await expect.poll(() => activeServer().getAttribute('data-role'), { timeout: 20_000 }).toBe('primary');
    await view('status');
    expect(await page.getByTestId('state-timeline').textContent()).toContain('Connected to');
  });

  it('pauses and resumes the engine', async () => {
    const client = await primary.waitForClient();
    await page.getByTestId('action-pause').click();
    await expect.poll(() => state().textContent()).toBe('paused');
    await primary.waitForDisconnect(client, 10_000);
    expect(await activeServer().textContent()).toContain('no server');
    await page.getByTestId('action-resume').click();
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
  });

  it('restarts the engine on request: a new worker reconnects', async () => {
    const before = await primary.waitForClient();
    await page.getByTestId('action-restart').click();
    await primary.waitForDisconnect(before, 10_000);
    const after = await primary.waitForClient((c) => c !== before, 20_000);
    expect(after.sessionId).toBe(before.sessionId);
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
    await view('status');
    expect(await page.getByTestId('state-timeline').textContent()).toContain('Engine restart requested by the user');
  });

  it('shows the logs, filters them, and exports diagnostics without the password', async () => {
    await view('logs');
    await expect.poll(() => page.getByTestId('log-line').count()).toBeGreaterThan(3);
    await screenshot(page, '05-logs');
    const all = await page.getByTestId('log-line').count();
    await page.getByTestId('log-filter-text').fill('paused');
    await expect.poll(() => page.getByTestId('log-line').count()).toBeLessThan(all);
    for (const line of await page.getByTestId('log-line').allTextContents())
      expect(line.toLowerCase()).toContain('paused');
    await page.getByTestId('log-filter-text').fill('');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-diagnostics').click();
    const file = await (await download).path();
    const entries = unzipSync(new Uint8Array(readFileSync(file)));
    const names = Object.keys(entries);
    expect(new Set(names.map((n) => n.split('/')[0])).size).toBe(1);
    expect(names.some((n) => n.endsWith('/rport.conf'))).toBe(true);
    for (const data of Object.values(entries)) expect(Buffer.from(data).includes(PASSWORD)).toBe(false);
  });

  it('refuses a bad edit at its line and leaves the file as it was', async () => {
    const before = readFileSync(configFile, 'utf8');
    await view('config');
    await page.getByTestId('config-editor').waitFor();
    await screenshot(page, '06-config-form');
    await page.getByTestId('config-mode-raw').click();
    const area = page.getByTestId('config-raw-text');
    const text = await area.inputValue();
    expect(text).toContain('auth = "client1:********"');
    expect(text).not.toContain(PASSWORD);
    const badLine = text.split('\n').findIndex((l) => l.includes('keep_alive =')) + 1;
    await area.fill(text.replace("keep_alive = '1s'", "keep_alive = 'soon'"));
    const problem = page.locator(`[data-testid="config-problem"][data-line="${badLine}"]`);
    await problem.waitFor();
    expect(await problem.textContent()).toContain('keep_alive');
    expect(
      await page.locator(`[data-testid="config-gutter-line"][data-line="${badLine}"]`).getAttribute('data-problem'),
    ).toBe('error');
    expect(await page.getByTestId('config-save').isDisabled()).toBe(true);
    await screenshot(page, '07-config-raw-error');
    expect(readFileSync(configFile, 'utf8')).toBe(before);
    await page.getByTestId('config-revert').click();
    await expect.poll(() => page.getByTestId('config-problem').count()).toBe(0);
  });

  it('saves a good edit with comments kept, and the engine reconnects with it', async () => {
    await page.getByTestId('config-mode-form').click();
    await page.getByTestId('config-field-client.name').fill('e2e-after');
    await expect.poll(() => page.getByTestId('config-save').isEnabled()).toBe(true);
    await page.getByTestId('config-save').click();
    await expect.poll(() => page.getByTestId('config-save-result').getAttribute('data-saved')).toBe('true');
    const saved = readFileSync(configFile, 'utf8');
    expect(saved).toBe(configText().replace('name = "e2e-before"', 'name = "e2e-after"'));
    expect(saved).toContain('# where the client connects first');
    expect(saved).toContain(`auth = "client1:${PASSWORD}"`);
    const reconnected = await primary.waitForClient((c) => c.connectionRequest?.Name === 'e2e-after', 20_000);
    expect(reconnected.connectionRequest?.Name).toBe('e2e-after');
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
    await screenshot(page, '08-config-saved');
  });

  it('applies an edit made with a text editor and shows it in the open editor', async () => {
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('name = "e2e-after"', 'name = "e2e-external"'));
    await primary.waitForClient((c) => c.connectionRequest?.Name === 'e2e-external', 20_000);
    await expect
      .poll(() => page.getByTestId('config-field-client.name').inputValue(), { timeout: 10_000 })
      .toBe('e2e-external');
  });

  it('shows every view at 800×560 and at the smallest window (720×480), light and dark: readable, nothing spilling out', async () => {
    // The test hook each view shows once it is there.
    const views: [string, string][] = [
      ['status', 'state-timeline'],
      ['servers', 'server-list'],
      ['tunnels', 'tunnel-list'],
      ['activity', 'activity-item'],
      ['logs', 'log-view'],
      ['config', 'config-editor'],
      ['settings', 'settings-view'],
    ];
    const found: string[] = [];
    const passes = [
      { scheme: 'light', width: 800, height: 560 },
      { scheme: 'dark', width: 800, height: 560 },
      { scheme: 'light', width: 720, height: 480 },
      { scheme: 'dark', width: 720, height: 480 },
    ] as const;
    for (const { scheme, width, height } of passes) {
      const size = width === 800 ? '' : `-${width}x${height}`;
      const small = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const p = await small.newPage();
      p.setDefaultTimeout(15_000);
      await p.goto(`${ui.url}#status`);
      for (const [name, hook] of views) {
        await setHash(p, `#${name}`);
        await p.getByTestId(hook).first().waitFor();
        for (const failure of await contrastFailures(p))
          found.push(`${scheme}${size} ${name}: ${JSON.stringify(failure)}`);
        for (const problem of await layoutProblems(p)) found.push(`${scheme}${size} ${name}: ${problem}`);
        await screenshot(p, `small-${scheme}${size}-${name}`);
      }
      // The raw editor with an error marked, and the logs filtered to errors (the red lines).
      await setHash(p, '#config');
      await p.getByTestId('config-mode-raw').click();
      const area = p.getByTestId('config-raw-text');
      await area.fill((await area.inputValue()).replace("keep_alive = '1s'", "keep_alive = 'soon'"));
      await p.getByTestId('config-problem').first().waitFor();
      for (const failure of await contrastFailures(p))
        found.push(`${scheme}${size} config-raw: ${JSON.stringify(failure)}`);
      for (const problem of await layoutProblems(p)) found.push(`${scheme}${size} config-raw: ${problem}`);
      await screenshot(p, `small-${scheme}${size}-config-raw-error`);
      await small.close();
    }
    expect(found).toEqual([]);
  });
});
