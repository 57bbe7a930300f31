// The window's newer parts in Debian's Chromium against `rport-tray run --ui` (real engine, test rportd):
// views addressed by URL fragment (load, navigation, back, a fragment change from outside), the Settings
// view (what a headless run cannot do is disabled with its reason; the theme is stored in the data folder
// and applied), importing a config (problems shown first, replacing needs a confirmation, the old file
// kept as .bak, the engine reconnects with the copy), and a broken edit made with a text editor (banner,
// the last good config keeps running).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/chromium';
import { contrastFailures, layoutProblems } from '../support/e2e/contrast';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { bodyBackground, setHash, setHashAndSettle, themeAttribute, urlHash } from '../support/e2e/page-state';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';

const PASSWORD = 'settings-Import-Pa55';

let rportd: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir = '';
let configFile = '';

function configText(name: string, comment: string): string {
  return [
    `# ${comment}`,
    '[client]',
    `  server = "${rportd.url}"`,
    `  auth = "client1:${PASSWORD}"`,
    `  fingerprint = "${rportd.fingerprint}"`,
    `  data_dir = "${path.join(dir, 'data')}"`,
    `  name = "${name}"`,
    '',
    '[connection]',
    "  keep_alive = '2s'",
    "  keep_alive_timeout = '10s'",
    '',
    '[monitoring]',
    '  enabled = false',
    '',
  ].join('\n');
}

const state = () => page.getByTestId('engine-state');
const current = (view: string) => page.getByTestId(`nav-${view}`).getAttribute('aria-current');
const hash = () => urlHash(page);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-settings-'));
  rportd = await startTestRportd({ clients: { client1: PASSWORD }, clientLoginWaitMs: 0 });
  configFile = path.join(dir, 'rport.conf');
  writeFileSync(configFile, configText('before-import', 'the config in use'), { mode: 0o600 });
  ui = await startHeadlessUi(configFile, {
    ...process.env,
    // The preferences live in the app's data folder: keep it inside the test's folder.
    XDG_DATA_HOME: path.join(dir, 'xdg'),
    RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ backoffMinMs: 300, dialTimeoutMs: 2_000, keepAliveJitterMs: 100 }),
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1180, height: 820 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await ui?.stop();
  await rportd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('views by URL fragment', () => {
  it('opens the view the fragment names, and keeps the fragment in step with navigation', async () => {
    // The printed URL with a fragment: the token is traded for a cookie, the fragment survives the redirect.
    await page.goto(`${ui.url}#logs`);
    await page.getByTestId('log-view').waitFor();
    expect(await current('logs')).toBe('page');
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');

    await page.getByTestId('nav-servers').click();
    await page.getByTestId('server-list').waitFor();
    expect(await hash()).toBe('#servers');

    // What the Electron tray does to an open window: a fragment-only navigation of the same page.
    await setHash(page, '#config');
    await page.getByTestId('config-editor').waitFor();
    expect(await current('config')).toBe('page');

    await page.goBack();
    await page.getByTestId('server-list').waitFor();
    expect(await current('servers')).toBe('page');

    await page.goto(`${ui.origin}/#settings`);
    await page.getByTestId('settings-view').waitFor();
    expect(await current('settings')).toBe('page');
    // An unknown fragment changes nothing, and a malformed escape does not break the window.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await setHashAndSettle(page, '#nonsense');
    expect(await current('settings')).toBe('page');
    await setHashAndSettle(page, '#%E0%A4%A');
    expect(await current('settings')).toBe('page');
    // Loaded with it, the window starts on the status view.
    await page.reload();
    await expect.poll(() => current('status')).toBe('page');
    expect(errors).toEqual([]);
  });
});

describe('settings in a headless run', () => {
  it('shows what only the desktop app can do disabled, with the reason', async () => {
    await page.goto(`${ui.origin}/#settings`);
    await page.getByTestId('settings-view').waitFor();
    for (const id of [
      'pref-autostart',
      'pref-start-hidden',
      'pref-notify-config',
      'pref-icon-style',
      'pref-keychain',
    ]) {
      expect(await page.getByTestId(id).isDisabled(), id).toBe(true);
    }
    expect(await page.getByTestId('pref-autostart-reason').textContent()).toMatch(/desktop app/);
    expect(await page.getByTestId('pref-icon-style-reason').textContent()).toMatch(/no tray icon/);
    expect(await page.getByTestId('pref-keychain-reason').textContent()).toMatch(/keychain/);
    expect(await page.getByTestId('settings-config-path').textContent()).toBe(configFile);
    await screenshot(page, '12-settings');
  });

  it('applies the theme at once, keeps it in the data folder, and follows the system again', async () => {
    const background = () => bodyBackground(page);
    const light = await background();
    await page.getByTestId('pref-theme-dark').click();
    await expect.poll(() => themeAttribute(page)).toBe('dark');
    expect(await background()).not.toBe(light);
    expect(await page.getByTestId('pref-theme-dark').getAttribute('aria-checked')).toBe('true');
    const stored = JSON.parse(readFileSync(path.join(dir, 'xdg', 'rport-tray', 'preferences.json'), 'utf8')) as {
      theme: string;
    };
    expect(stored.theme).toBe('dark');
    await screenshot(page, '13-settings-dark');

    await page.reload();
    await page.getByTestId('settings-view').waitFor();
    await expect.poll(() => themeAttribute(page)).toBe('dark');

    await page.getByTestId('pref-theme-system').click();
    await expect.poll(() => themeAttribute(page)).toBe(null);
    expect(await background()).toBe(light);
  });
});

describe('importing an existing rport.conf', () => {
  it('shows the problems of a broken file and does not import it', async () => {
    const broken = path.join(dir, 'broken.conf');
    writeFileSync(broken, configText('broken', 'broken copy').replace("keep_alive = '2s'", "keep_alive = 'often'"));
    const before = readFileSync(configFile, 'utf8');
    await page.getByTestId('nav-config').click();
    await page.getByTestId('config-import').click();
    await page.getByTestId('import-path').fill(path.join(dir, 'no-such.conf'));
    await page.getByTestId('import-check').click();
    expect(await page.getByTestId('import-error').textContent()).toContain('there is no such file');

    await page.getByTestId('import-path').fill(broken);
    await page.getByTestId('import-check').click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('data-can-import')).toBe('false');
    const problem = preview.getByTestId('config-problem');
    expect(await problem.getAttribute('data-line')).toBe('10');
    expect(await problem.textContent()).toContain('keep_alive');
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });

  it('replaces the config only after a confirmation, keeps the old one as .bak, and reconnects with the copy', async () => {
    const before = readFileSync(configFile, 'utf8');
    const source = path.join(dir, 'installed-rport.conf');
    const imported = configText('after-import', 'an installed client config');
    writeFileSync(source, imported);
    await page.getByTestId('import-path').fill(source);
    await page.getByTestId('import-check').click();
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.getAttribute('data-can-import')).toBe('true');
    expect(await preview.getByTestId('config-valid').count()).toBe(1);
    expect(await preview.textContent()).toContain(`${configFile}.bak`);
    // Replacing needs the confirmation.
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    await page.getByTestId('import-replace-confirm').check();
    await screenshot(page, '14-config-import');
    await page.getByTestId('import-submit').click();
    // The notice names the backup; read it now, it is dismissed after a few seconds.
    await expect
      .poll(() => page.getByTestId('notice').allTextContents())
      .toContainEqual(expect.stringContaining(`${configFile}.bak`));

    await rportd.waitForClient((c) => c.connectionRequest?.Name === 'after-import', 20_000);
    expect(readFileSync(configFile, 'utf8')).toBe(imported);
    expect(readFileSync(`${configFile}.bak`, 'utf8')).toBe(before);
    await expect.poll(() => state().textContent(), { timeout: 20_000 }).toBe('connected');
    // The editor shows the copy.
    await expect
      .poll(() => page.getByTestId('config-field-client.name').inputValue(), { timeout: 10_000 })
      .toBe('after-import');
  });
});

describe('a broken edit made with a text editor', () => {
  it('keeps the last good config running and says so in every view until it is fixed', async () => {
    const good = readFileSync(configFile, 'utf8');
    const client = await rportd.waitForClient((c) => c.connectionRequest?.Name === 'after-import');
    await page.getByTestId('nav-status').click();
    writeFileSync(configFile, good.replace("keep_alive = '2s'", "keep_alive = 'sometimes'"));
    const banner = page.getByTestId('config-issue-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('config-issue-message').textContent()).toMatch(/^line 10: connection\.keep_alive: /);
    expect(await banner.textContent()).toContain('The last good config keeps running');
    expect(await state().textContent()).toBe('connected');
    await screenshot(page, '15-config-issue-banner');
    await page.getByTestId('config-issue-open').click();
    await page.getByTestId('config-editor').waitFor();
    expect(await hash()).toBe('#config');

    writeFileSync(configFile, good.replace('name = "after-import"', 'name = "fixed"'));
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    await rportd.waitForClient((c) => c !== client && c.connectionRequest?.Name === 'fixed', 20_000);
    expect(existsSync(configFile)).toBe(true);
  });
});

describe('the contrast and layout check itself', () => {
  it('catches grey on grey, ignores disabled controls, and catches a box wider than the view', async () => {
    const p = await context.newPage();
    await p.setContent(`
      <main class="app-main" style="width:300px;background:#fff">
        <p id="bad" style="color:#999">faint text</p>
        <p style="color:#222">clear text</p>
        <button disabled style="color:#ccc">off</button>
        <div style="width:500px">too wide</div>
      </main>`);
    const failures = await contrastFailures(p);
    expect(failures.map((f) => f.text)).toEqual(['faint text']);
    expect(failures[0]?.ratio).toBeLessThan(4.5);
    expect((await layoutProblems(p)).join('\n')).toContain('spills out');
    await p.close();
  });
});
