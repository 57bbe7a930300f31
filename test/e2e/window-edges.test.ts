// What the window says, in Debian's Chromium against `rport-tray run --ui` as a real process with the real
// engine worker and two test rportd servers: a wrong password is a distinct problem with a way to fix it
// while the engine keeps retrying (with a live, rounded countdown); fixing it restarts the engine without
// `stopped` or `initialized` flashing by; this device as the server registered it; the Servers view's
// switchback countdown (without waiting for a ping), no stale latency for a failed primary and one way
// back to it; tunnel rates and a history that survives an engine restart; remote commands with their
// reason, output, duration and initiator; and the window's "Block remote commands" switch.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS_BLOCKED_TEXT } from '../../main/engine/remote/commands/run-cmd-handler';
import { launchChromium } from '../support/e2e/chromium';
import { contrastFailures, layoutProblems } from '../support/e2e/contrast';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { setHash } from '../support/e2e/page-state';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';

const PASSWORD = 'edges-Right-Pa55';
const WRONG = 'edges-Wrong-Pa55';
const KEY_SEED = 'rport-tray-e2e-edges';

let primary: TestRportd;
let fallback: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let echo: Server;
let dir = '';
let configFile = '';

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  RPORT_TRAY_TEST_FAULTS: '1',
  // A first back-off of 4 s: long enough to watch the countdown, short enough for a test.
  RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({
    backoffMinMs: 4_000,
    dialTimeoutMs: 2_000,
    newConnectionReplyTimeoutMs: 2_000,
    keepAliveJitterMs: 100,
    minConnectionLifetimeMs: 300,
  }),
  RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify({ slackMs: 10_000, stopGraceMs: 500, backoff: { initialMs: 200 } }),
  RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
  XDG_DATA_HOME: path.join(dir, 'xdg'),
});

function configText(password: string): string {
  return [
    '# RPort client for the window-edges e2e test',
    '[client]',
    `  server = "${primary.url}"`,
    `  fallback_servers = ["${fallback.url}"]`,
    "  server_switchback_interval = '10m'",
    `  auth = "client1:${password}"`,
    `  fingerprint = "${primary.fingerprint}"`,
    `  data_dir = "${path.join(dir, 'data')}"`,
    '  id = "e2e-edges-client"',
    '  name = "edges-laptop"',
    '',
    '[connection]',
    // No ping during the test: the switchback countdown must not wait for one.
    "  keep_alive = '2m'",
    "  keep_alive_timeout = '10s'",
    "  max_retry_interval = '8s'",
    '',
    '[monitoring]',
    '  enabled = false',
    '',
  ].join('\n');
}

const state = () => page.getByTestId('engine-state');

/** Every state word the header shows from now on, as the page saw it change. */
async function recordStates(p: Page): Promise<void> {
  await p.evaluate(() => {
    const g = globalThis as unknown as {
      __states: string[];
      document: { querySelector(s: string): { textContent: string | null } | null };
      MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
    };
    g.__states = [];
    const target = g.document.querySelector('[data-testid="engine-state"]');
    const observer = new g.MutationObserver(() => g.__states.push(target?.textContent ?? ''));
    observer.observe(target, { childList: true, characterData: true, subtree: true });
  });
}

const recordedStates = (p: Page): Promise<string[]> =>
  p.evaluate(() => (globalThis as unknown as { __states: string[] }).__states);

function runCmdJob(command: string, timeoutSec = 30): Record<string, unknown> {
  return {
    jid: randomUUID(),
    status: 'running',
    finished_at: null,
    client_id: 'e2e-edges-client',
    client_name: 'edges-laptop',
    command,
    cwd: '',
    interpreter: '',
    pid: null,
    started_at: '0001-01-01T00:00:00Z',
    created_by: 'alice@example.com',
    timeout_sec: timeoutSec,
    multi_job_id: null,
    schedule_id: null,
    error: '',
    result: null,
    is_sudo: false,
    is_script: false,
    stream_result: false,
  };
}

async function checkLooks(name: string, hook: string, hash: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [800, 560],
      [720, 480],
    ] as const) {
      const small = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const p = await small.newPage();
      p.setDefaultTimeout(15_000);
      await p.goto(`${ui.url}${hash}`);
      await p.getByTestId(hook).first().waitFor();
      for (const failure of await contrastFailures(p))
        found.push(`${scheme} ${width} ${name}: ${JSON.stringify(failure)}`);
      for (const problem of await layoutProblems(p)) found.push(`${scheme} ${width} ${name}: ${problem}`);
      await screenshot(p, `edges-${name}-${scheme}-${width}x${height}`);
      await small.close();
    }
  }
  return found;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-e2e-edges-'));
  const clients = { client1: PASSWORD };
  // No ban: every wrong password is refused as such (the tracker's stickiness has its own unit test).
  primary = await startTestRportd({ clients, keySeed: KEY_SEED, clientLoginWaitMs: 0, maxFailedLogin: 0 });
  fallback = await startTestRportd({ clients, keySeed: KEY_SEED, clientLoginWaitMs: 0, maxFailedLogin: 0 });
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  configFile = path.join(dir, 'rport.conf');
  writeFileSync(configFile, configText(WRONG), { mode: 0o600 });
  ui = await startHeadlessUi(configFile, env());
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1180, height: 820 }, colorScheme: 'light' });
  page = await context.newPage();
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

describe('what the window says', () => {
  it('is reachable by keyboard: a skip link first, and the views as links', async () => {
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${ui.url}#status`);
    await p.getByTestId('engine-state').waitFor();
    await p.keyboard.press('Tab');
    const focused = () =>
      p.evaluate(() => {
        const active = (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement;
        return active?.getAttribute('data-testid') ?? active?.getAttribute('id') ?? null;
      });
    expect(await focused()).toBe('skip-link');
    await p.keyboard.press('Enter');
    expect(await focused()).toBe('main-content');
    expect(new URL(p.url()).hash).toBe('#status');
    const servers = p.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Servers' });
    expect(await servers.getAttribute('href')).toBe('#servers');
    await servers.click();
    await p.getByTestId('server-list').waitFor();
    expect(new URL(p.url()).hash).toBe('#servers');
    expect(await servers.getAttribute('aria-current')).toBe('page');
    await p.goBack();
    await expect.poll(() => p.getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBe('page');
    await p.close();
  });

  it('shows a refused password as its own problem, counting down to the next try, while still retrying', async () => {
    await page.goto(ui.url);
    await page.getByTestId('engine-problem').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('engine-problem').getAttribute('data-kind')).toBe('auth');
    // The state word (the test hook) is the engine's.
    expect(await state().textContent()).toBe('reconnecting');
    await expect.poll(() => page.getByTestId('state-message').textContent()).toMatch(/^Next try in \ds$/);
    // A screen reader hears the state and the problem, never a number ticking: the live region does not
    // change while the countdown does.
    expect(await page.getByTestId('state-announcement').textContent()).toBe('reconnecting: Authentication failed');
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        __announced: number;
        document: { querySelector(s: string): unknown };
        MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
      };
      g.__announced = 0;
      const region = g.document.querySelector('[data-testid="state-announcement"]');
      new g.MutationObserver(() => (g.__announced += 1)).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const first = await page.getByTestId('state-message').textContent();
    await expect.poll(() => page.getByTestId('state-message').textContent()).not.toBe(first);
    const second = await page.getByTestId('state-message').textContent();
    await expect.poll(() => page.getByTestId('state-message').textContent()).not.toBe(second);
    expect(await page.evaluate(() => (globalThis as unknown as { __announced: number }).__announced)).toBe(0);
    // Both servers keep being tried with the wrong password: retrying as the config says.
    await expect
      .poll(() => primary.log.filter((l) => l.includes('Login failed for client auth id: client1')).length, {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(2);
    await setHash(page, '#status');
    expect(await page.getByTestId('connection-problem').getAttribute('data-kind')).toBe('auth');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/\d\.\d{4,}/);
    await screenshot(page, 'edges-01-auth-failed');
    expect(await checkLooks('auth-failed', 'connection-problem', '#status')).toEqual([]);
    expect(await checkLooks('servers-retrying', 'retry-countdown', '#servers')).toEqual([]);
  });

  it('fixes the password from the problem, and the restart never shows stopped or initialized', async () => {
    await recordStates(page);
    await page.getByTestId('fix-problem').click();
    const password = page.getByTestId('config-field-auth.password');
    await expect
      .poll(() => password.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement))
      .toBe(true);
    await password.fill(PASSWORD);
    await expect.poll(() => page.getByTestId('config-save').isEnabled()).toBe(true);
    await page.getByTestId('config-save').click();
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
    expect(readFileSync(configFile, 'utf8')).toContain(`auth = "client1:${PASSWORD}"`);
    expect(await page.getByTestId('engine-problem').count()).toBe(0);
    const seen = await recordedStates(page);
    expect(seen).toContain('connected');
    expect(seen.filter((s) => s === 'stopped' || s === 'initialized')).toEqual([]);
  });

  it('shows the whole fingerprint, help without backticks, and problems at their fields without lines', async () => {
    const found: string[] = [];
    for (const [width, height] of [
      [800, 560],
      [720, 480],
    ] as const) {
      const small = await browser.newContext({ viewport: { width, height }, colorScheme: 'dark' });
      const p = await small.newPage();
      p.setDefaultTimeout(15_000);
      await p.goto(`${ui.url}#config`);
      const fingerprint = p.getByTestId('config-field-client.fingerprint');
      expect(await fingerprint.inputValue()).toBe(primary.fingerprint);
      const fits = await fingerprint.evaluate((el) => {
        const input = el as unknown as { scrollWidth: number; clientWidth: number };
        return input.scrollWidth <= input.clientWidth;
      });
      if (!fits) found.push(`${width}: the fingerprint is cut off`);
      const help = (await p.locator('.config-form .help').allTextContents()).join(' ');
      if (help.includes('`')) found.push(`${width}: a help text shows backticks`);
      await p.getByTestId('config-field-connection.keep_alive').fill('soon');
      await p.getByTestId('config-field-problem').first().waitFor();
      for (const text of await p.getByTestId('config-field-problem').allTextContents()) {
        if (/line \d/.test(text)) found.push(`${width}: "${text}" names a line in the form`);
      }
      for (const text of await p.getByTestId('config-problem').allTextContents()) {
        if (/line \d/.test(text)) found.push(`${width}: "${text}" names a line in the form`);
      }
      for (const failure of await contrastFailures(p)) found.push(`${width} config-form: ${JSON.stringify(failure)}`);
      for (const problem of await layoutProblems(p)) found.push(`${width} config-form: ${problem}`);
      await screenshot(p, `edges-config-form-dark-${width}x${height}`);
      await small.close();
    }
    expect(found).toEqual([]);
  });

  it('shows this device as the server registered it, and times rounded for people', async () => {
    const client = await primary.waitForClient((c) => c.connectionRequest?.Name === 'edges-laptop');
    await setHash(page, '#status');
    expect(await page.getByTestId('device-client-id').textContent()).toBe(client.connectionRequest?.ID);
    expect(await page.getByTestId('device-client-id').textContent()).toBe('e2e-edges-client');
    expect(await page.getByTestId('device-name').textContent()).toBe('edges-laptop');
    // The engine's `Connected to … within 34.974895ms`, rounded.
    expect(await page.getByTestId('status-line').textContent()).toMatch(
      /^Connected to 127\.0\.0\.1:\d+ within \d+(\.\d)? ms$/,
    );
    const timeline = (await page.getByTestId('state-timeline').textContent()) ?? '';
    expect(timeline).not.toMatch(/\d\.\d{4,}/);
    expect(timeline).toContain('Authentication failed at');
    await screenshot(page, 'edges-02-status-device');
  });

  it('counts down to the switchback on a fallback before any ping, with one way back and no stale latency', async () => {
    await primary.stop();
    await expect
      .poll(
        async () => [await state().textContent(), await page.getByTestId('active-server').getAttribute('data-role')],
        {
          timeout: 20_000,
        },
      )
      .toEqual(['connected', 'fallback']);
    await setHash(page, '#servers');
    await expect
      .poll(() => page.getByTestId('switchback-countdown').textContent())
      .toMatch(/Next try of the primary in 9m 5\ds/);
    const primaryRow = page.locator('[data-testid="server-item"][data-index="0"]');
    expect(await primaryRow.getByTestId('server-connect-time').textContent()).toBe('—');
    expect(await primaryRow.locator('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: /primary/i }).count()).toBe(1);
    await screenshot(page, 'edges-03-servers-fallback');
    await primary.restart();
    await page.getByTestId('switch-primary').click();
    await expect
      .poll(() => page.getByTestId('active-server').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('primary');
  });

  it('shows the rate of a busy tunnel stream, and keeps the history across an engine restart', async () => {
    const target = `127.0.0.1:${(echo.address() as { port: number }).port}`;
    const streamOnce = async (): Promise<void> => {
      const client = await primary.waitForClient((c) => !c.isClosed, 20_000);
      const tunnel = await client.openTunnel({ target });
      const socket = new Socket();
      await new Promise<void>((resolve) => socket.connect(tunnel.port, '127.0.0.1', resolve));
      socket.on('data', () => undefined);
      const chunk = Buffer.alloc(32 * 1024, 7);
      const timer = setInterval(() => socket.write(chunk), 100);
      try {
        await setHash(page, '#tunnels');
        const openRow = page.locator('[data-testid="tunnel-row"][data-open="true"]');
        await expect
          .poll(() => openRow.getByTestId('tunnel-rate').textContent(), { timeout: 10_000 })
          .toMatch(/^↓ \d+(\.\d)? KiB\/s↑ \d+(\.\d)? KiB\/s$/);
      } finally {
        clearInterval(timer);
      }
      await screenshot(page, 'edges-04-tunnel-rate');
      socket.destroy();
      await expect
        .poll(() => page.locator('[data-testid="tunnel-row"][data-open="true"]').count(), { timeout: 10_000 })
        .toBe(0);
      await tunnel.close();
    };
    await streamOnce();
    const before = await primary.waitForClient((c) => !c.isClosed);
    await page.getByTestId('action-restart').click();
    await primary.waitForDisconnect(before, 10_000);
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
    await streamOnce();
    // The new engine process numbered its stream t1 again; both stay in the history.
    expect(await page.locator('[data-testid="tunnel-row"][data-open="false"]').count()).toBe(2);
    expect(await checkLooks('tunnels', 'tunnel-row', '#tunnels')).toEqual([]);
  });

  it('lists remote commands with who asked, how long they ran, why, and their output; blocks them from the window', async () => {
    const client = await primary.waitForClient((c) => !c.isClosed);
    expect((await client.request('run_cmd', runCmdJob('/usr/bin/echo hello from the server'))).ok).toBe(true);
    expect((await client.request('run_cmd', runCmdJob('/usr/bin/sleep 5', 1))).ok).toBe(true);
    await setHash(page, '#activity');
    const echoed = page.locator('[data-testid="activity-item"][data-outcome="successful"]');
    await echoed.waitFor({ timeout: 10_000 });
    expect(await echoed.getByTestId('activity-initiator').textContent()).toBe('by alice@example.com');
    expect(await echoed.getByTestId('activity-duration').textContent()).toMatch(/^took \d/);
    await echoed.getByTestId('activity-output').locator('summary').click();
    expect(await echoed.getByTestId('activity-output').textContent()).toContain('hello from the server');
    const timedOut = page.locator('[data-testid="activity-item"][data-outcome="unknown"]');
    await timedOut.waitFor({ timeout: 10_000 });
    expect(await timedOut.getByTestId('activity-detail').textContent()).toContain('timed out after 1 s');

    // The switch shows what the app says: it turns once the app's status comes back.
    await page.getByTestId('block-remote-commands').click();
    await page.getByTestId('remote-commands-blocked').waitFor();
    const refused = await client.request('run_cmd', runCmdJob('/usr/bin/id'));
    expect(refused.ok).toBe(false);
    expect(refused.payload?.toString()).toBe(COMMANDS_BLOCKED_TEXT);
    await expect.poll(() => page.locator('[data-testid="activity-item"][data-outcome="refused"]').count()).toBe(1);
    await screenshot(page, 'edges-05-activity');
    expect(await checkLooks('activity', 'activity-item', '#activity')).toEqual([]);
    await page.getByTestId('block-remote-commands').click();
    await expect.poll(() => page.getByTestId('remote-commands-blocked').count()).toBe(0);
    expect((await client.request('run_cmd', runCmdJob('/usr/bin/id'))).ok).toBe(true);
  });
});
