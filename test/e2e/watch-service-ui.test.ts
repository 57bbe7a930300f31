// `rport-tray watch-service --ui` in Debian's Chromium (issue 17): the window follows the rport service
// (a service manager the test provides as commands, a state.json the test writes): the Status view's
// service panel says it is healthy, then, with state.json left to go stale, shows the restart and its
// reason; Settings says a headless run follows its command; the panel's text is readable (contrast).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStateFile } from '../../main/engine/state-file';
import { launchChromium } from '../support/e2e/chromium';
import { contrastFailures } from '../support/e2e/contrast';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { screenshot } from '../support/e2e/screenshots';

const FAKE = path.resolve('test/support/service-manager/fake-service-manager-cli.mjs');
const PASSWORD = 'watch-Service-Pa55';

let dir = '';
let ui: HeadlessUi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let stateFile = '';
let fakeDir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-watch-ui-'));
  const data = path.join(dir, 'data');
  fakeDir = path.join(dir, 'fake');
  mkdirSync(data);
  mkdirSync(fakeDir);
  const config = path.join(dir, 'rport.conf');
  writeFileSync(
    config,
    `# the service's config\n[client]\nserver = "http://rport.example.com:8080"\nauth = "client1:${PASSWORD}"\n` +
      `data_dir = ${JSON.stringify(data)}\n[connection]\nwatchdog_integration = true\n`,
  );
  stateFile = path.join(data, 'state.json');
  writeFileSync(
    stateFile,
    renderStateFile({ state: 'connected', message: 'ping to 10.0.0.1:8080 succeeded within 3ms', at: Date.now() }),
  );
  const q = (s: string) => `"${s}"`;
  ui = await startHeadlessUi(
    config,
    { ...process.env, XDG_DATA_HOME: path.join(dir, 'xdg'), RPORT_TRAY_POLICY: '/nonexistent/policy.toml' },
    20_000,
    [
      'watch-service',
      '--config',
      config,
      '--status-command',
      `${q(process.execPath)} ${q(FAKE)} ${q(fakeDir)} status`,
      '--restart-command',
      `${q(process.execPath)} ${q(FAKE)} ${q(fakeDir)} restart`,
      '--threshold',
      '20s',
      '--interval',
      '1s',
      '--data-dir',
      path.join(dir, 'watcher'),
      '--ui',
      '127.0.0.1:0',
    ],
  );
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1180, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await ui?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rport-tray watch-service --ui', () => {
  it('shows the service healthy, then its restart with the reason once state.json went stale', async () => {
    await page.goto(ui.url);
    const panel = page.getByTestId('service-panel');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId('service-health').textContent()).toBe('Healthy');
    expect(await page.getByTestId('engine-state').textContent()).toBe('connected');
    expect(await page.getByTestId('service-running').textContent()).toBe('Running');
    expect(await contrastFailures(page)).toEqual([]);
    await screenshot(page, '30-service-status');

    // The file is now 30 minutes old: stale against the 20 s threshold at the next look.
    writeFileSync(
      stateFile,
      renderStateFile({
        state: 'connected',
        message: 'ping to 10.0.0.1:8080 succeeded within 3ms',
        at: Date.now() - 1_800_000,
      }),
    );
    await expect
      .poll(() => existsSync(path.join(fakeDir, 'restarts.log')), { timeout: 40_000, interval: 250 })
      .toBe(true);
    await expect
      .poll(() => page.getByTestId('service-restarts').textContent(), { timeout: 20_000 })
      .toMatch(/state.json not updated for \d+ s while connected \(deadline 20 s\)/);
    expect(readFileSync(path.join(fakeDir, 'restarts.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await page.content()).not.toContain(PASSWORD);
    await screenshot(page, '31-service-restarted');
  });

  it('says in Settings that a headless run follows its command', async () => {
    await page.goto(`${ui.origin}/#settings`);
    await page.getByTestId('connection-settings').waitFor();
    expect(await page.getByTestId('connection-reason').textContent()).toMatch(/rport-tray watch-service/);
    expect(await page.getByTestId('connection-mode-service').isChecked()).toBe(true);
    expect(await page.getByTestId('connection-mode-engine').isDisabled()).toBe(true);
  });
});
