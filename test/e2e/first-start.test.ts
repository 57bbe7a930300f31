// First start in Chromium against `rport-tray run --ui` with no config file yet: the window opens on the
// setup, the connection test names the step that fails (TCP, authentication), and "Save and connect"
// writes an owner-only config and connects the real engine to the test rportd. Or the user imports an
// existing rport.conf instead of typing it in.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/chromium';
import { contrastFailures, layoutProblems } from '../support/e2e/contrast';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';

const PASSWORD = 'first-Start-Secret-7';

const uiEnv = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  // The setup writes data_dir = the app's data folder: keep it inside the test's folder.
  XDG_DATA_HOME: path.join(home, 'xdg'),
  RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
  RPORT_TRAY_TEST_FAULTS: '1',
  RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ backoffMinMs: 300, dialTimeoutMs: 2_000, keepAliveJitterMs: 100 }),
});

let rportd: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let page: Page;
let dir = '';
let configFile = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-setup-'));
  configFile = path.join(dir, 'conf', 'rport.conf');
  rportd = await startTestRportd({ clients: { client1: PASSWORD }, clientLoginWaitMs: 0 });
  ui = await startHeadlessUi(configFile, uiEnv(dir));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, colorScheme: 'dark' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  await rportd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function fill(server: string, password: string, fingerprint = ''): Promise<void> {
  await page.getByTestId('setup-server').fill(server);
  await page.getByTestId('setup-auth-id').fill('client1');
  await page.getByTestId('setup-password').fill(password);
  await page.getByTestId('setup-fingerprint').fill(fingerprint);
}

async function testAndReport(): Promise<{ ok: string | null; failed: string | null }> {
  // The old report goes away when a new test starts; wait for the new one.
  await page.getByTestId('setup-test').click();
  await expect.poll(() => page.getByTestId('setup-test').textContent()).toBe('Test connection');
  const report = page.getByTestId('setup-report');
  await report.waitFor();
  return { ok: await report.getAttribute('data-ok'), failed: await report.getAttribute('data-failed-step') };
}

describe('first start', () => {
  it('opens on the setup when there is no config', async () => {
    await page.goto(ui.url);
    await page.getByTestId('setup-server').waitFor();
    expect(await page.getByTestId('nav-setup').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('engine-state').textContent()).toBe('stopped');
    expect(new URL(page.url()).hash).toBe('#setup');
    // No keychain in a headless run: the password can only go to the file, so there is no choice to offer.
    expect(await page.getByTestId('setup-keychain').count()).toBe(0);
    await screenshot(page, '09-setup-dark');
  });

  it('reads well at 800×560 in light and dark, import section open', async () => {
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const small = await browser.newContext({ viewport: { width: 800, height: 560 }, colorScheme: scheme });
      const p = await small.newPage();
      await p.goto(ui.url);
      await p.getByTestId('setup-server').waitFor();
      await p.getByTestId('setup-import').locator('summary').click();
      await p.getByTestId('import-panel').waitFor();
      for (const failure of await contrastFailures(p)) found.push(`${scheme}: ${JSON.stringify(failure)}`);
      for (const problem of await layoutProblems(p)) found.push(`${scheme}: ${problem}`);
      await screenshot(p, `small-${scheme}-setup`);
      await small.close();
    }
    expect(found).toEqual([]);
  });

  it('names the failing step: TCP for a closed port, authentication for a wrong password', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    await fill(`ws://127.0.0.1:${port}`, PASSWORD);
    expect(await testAndReport()).toEqual({ ok: 'false', failed: 'tcp' });
    expect(await page.getByTestId('setup-step-websocket').getAttribute('data-status')).toBe('skipped');

    await fill(rportd.url, 'wrong-password');
    expect(await testAndReport()).toEqual({ ok: 'false', failed: 'auth' });
    expect(await page.getByTestId('setup-step-fingerprint').getAttribute('data-status')).toBe('ok');
    await screenshot(page, '10-setup-test-failed-dark');
    expect(existsSync(configFile)).toBe(false);
  });

  it('saves and connects after a good test, with the fingerprint the server presented', async () => {
    await fill(rportd.url, PASSWORD);
    expect(await testAndReport()).toEqual({ ok: 'true', failed: '' });
    await page.getByRole('button', { name: 'Use it' }).click();
    expect(await page.getByTestId('setup-fingerprint').inputValue()).toBe(rportd.fingerprint);
    await page.getByTestId('setup-save').click();
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('connected');
    expect(await page.getByTestId('active-server').textContent()).toContain(rportd.url);
    expect(rportd.clients).toHaveLength(1);
    const text = readFileSync(configFile, 'utf8');
    expect(text).toContain(`server = "${rportd.url}"`);
    expect(text).toContain(`fingerprint = "${rportd.fingerprint}"`);
    expect(text).toContain(`auth = "client1:${PASSWORD}"`);
    expect(statSync(configFile).mode & 0o077).toBe(0);
    await expect.poll(() => page.getByTestId('nav-setup').count()).toBe(0);
    await screenshot(page, '11-status-dark');
  });
});

describe('first start by importing an existing rport.conf', () => {
  let importDir = '';
  let importUi: HeadlessUi;

  beforeAll(async () => {
    importDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-setup-import-'));
    importUi = await startHeadlessUi(path.join(importDir, 'conf', 'rport.conf'), uiEnv(importDir));
  });

  afterAll(async () => {
    await importUi?.stop();
    if (importDir) rmSync(importDir, { recursive: true, force: true });
  });

  it('copies the file, without a backup (there was nothing to replace), and connects with it', async () => {
    const source = path.join(importDir, 'from-the-service.conf');
    const text = [
      '# the config an installed rport client used',
      '[client]',
      `  server = "${rportd.url}"`,
      `  auth = "client1:${PASSWORD}"`,
      `  fingerprint = "${rportd.fingerprint}"`,
      '  id = "imported-client"',
      '  name = "imported-at-setup"',
      `  data_dir = "${path.join(importDir, 'data')}"`,
      '',
    ].join('\n');
    writeFileSync(source, text);
    const p = await browser.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(importUi.url);
    await p.getByTestId('setup-server').waitFor();
    await p.getByTestId('setup-import').locator('summary').click();
    await p.getByTestId('import-path').fill(source);
    await p.getByTestId('import-check').click();
    await expect.poll(() => p.getByTestId('import-preview').getAttribute('data-can-import')).toBe('true');
    expect(await p.getByTestId('import-replace-confirm').count()).toBe(0);
    await p.getByTestId('import-submit').click();
    await rportd.waitForClient((c) => c.connectionRequest?.Name === 'imported-at-setup', 20_000);
    await expect.poll(() => p.getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => p.getByTestId('nav-setup').count()).toBe(0);
    expect(await p.getByTestId('nav-status').getAttribute('aria-current')).toBe('page');
    const configFile = path.join(importDir, 'conf', 'rport.conf');
    expect(readFileSync(configFile, 'utf8')).toBe(text);
    expect(statSync(configFile).mode & 0o077).toBe(0);
    expect(existsSync(`${configFile}.bak`)).toBe(false);
    await p.close();
  });
});
