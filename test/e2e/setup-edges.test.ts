// The first-start setup's edges in Debian's Chromium against `rport-tray run --ui` with no config: the
// fingerprint field's placeholder does not look like a value, a wss:// address for a plain ws:// server
// reads as such (not OpenSSL's error), "Use it" is offered only when the presented fingerprint differs
// from the typed one, each step's mark is told to screen readers, an unreachable server can be saved
// anyway, and the remote commands, file reception and monitoring switches are offered and written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const PASSWORD = 'setup-Edges-Secret-3';

let rportd: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let page: Page;
let dir = '';
let configFile = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-setup-edges-'));
  configFile = path.join(dir, 'conf', 'rport.conf');
  rportd = await startTestRportd({ clients: { client1: PASSWORD }, clientLoginWaitMs: 0 });
  ui = await startHeadlessUi(configFile, {
    ...process.env,
    XDG_DATA_HOME: path.join(dir, 'xdg'),
    RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ backoffMinMs: 300, dialTimeoutMs: 2_000, keepAliveJitterMs: 100 }),
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  await rportd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function fill(server: string, fingerprint = ''): Promise<void> {
  await page.getByTestId('setup-server').fill(server);
  await page.getByTestId('setup-auth-id').fill('client1');
  await page.getByTestId('setup-password').fill(PASSWORD);
  await page.getByTestId('setup-fingerprint').fill(fingerprint);
}

async function runTest(): Promise<{ ok: string | null; failed: string | null; text: string }> {
  await page.getByTestId('setup-test').click();
  await expect.poll(() => page.getByTestId('setup-test').textContent()).toBe('Test connection');
  const report = page.getByTestId('setup-report');
  await report.waitFor();
  return {
    ok: await report.getAttribute('data-ok'),
    failed: await report.getAttribute('data-failed-step'),
    text: (await report.textContent()) ?? '',
  };
}

describe('setup edges', () => {
  it('offers the three switches, on, and a placeholder that is not a fingerprint', async () => {
    await page.goto(ui.url);
    await page.getByTestId('setup-server').waitFor();
    const placeholder = (await page.getByTestId('setup-fingerprint').getAttribute('placeholder')) ?? '';
    expect(placeholder).not.toMatch(/[0-9a-f]{2}(:[0-9a-f]{2}){3}/i);
    for (const key of ['remoteCommands', 'fileReception', 'monitoring']) {
      expect(await page.getByTestId(`setup-feature-${key}`).isChecked()).toBe(true);
    }
    expect(await page.getByTestId('setup-features').textContent()).toContain('on by default');
  });

  it('says a wss:// address of a plain ws:// server is that, without OpenSSL’s text', async () => {
    await fill(rportd.url.replace(/^ws:/, 'wss:'));
    const report = await runTest();
    expect(report).toMatchObject({ ok: 'false', failed: 'websocket' });
    expect(report.text).toContain('does not answer in TLS on this port');
    expect(report.text).toContain('use ws://');
    expect(report.text).not.toMatch(/SSL routines|0A00010B|deps\/openssl/);
  });

  it('offers "Use it" only when the presented fingerprint differs from the one typed', async () => {
    await fill(rportd.url, rportd.fingerprint.slice(0, 11));
    expect((await runTest()).ok).toBe('true');
    expect(await page.getByTestId('setup-fingerprint-matches').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Use it' }).count()).toBe(0);
    await fill(rportd.url, '');
    await runTest();
    expect(await page.getByRole('button', { name: 'Use it' }).count()).toBe(1);
    expect(await page.getByTestId('setup-fingerprint-matches').count()).toBe(0);
  });

  it('tells screen readers each step’s outcome, and saves an unreachable server anyway with the switches as set', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await fill(`ws://127.0.0.1:${port}`, rportd.fingerprint);
    expect(await runTest()).toMatchObject({ ok: 'false', failed: 'tcp' });
    expect(await page.getByTestId('setup-step-dns').textContent()).toContain('passed');
    expect(await page.getByTestId('setup-step-tcp').textContent()).toContain('failed');
    expect(await page.getByTestId('setup-step-auth').textContent()).toContain('not tried');
    await page.getByTestId('setup-feature-remoteCommands').uncheck();
    await screenshot(page, 'edges-setup-unreachable');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [800, 560],
        [720, 480],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const failure of await contrastFailures(page))
          found.push(`${scheme} ${width}: ${JSON.stringify(failure)}`);
        for (const problem of await layoutProblems(page)) found.push(`${scheme} ${width}: ${problem}`);
        await screenshot(page, `edges-setup-${scheme}-${width}x${height}`);
      }
    }
    expect(found).toEqual([]);
    await page.setViewportSize({ width: 1180, height: 820 });

    await page.getByTestId('setup-save-anyway').click();
    await expect.poll(() => page.getByTestId('nav-setup').count(), { timeout: 20_000 }).toBe(0);
    const text = readFileSync(configFile, 'utf8');
    expect(text).toContain(`server = "ws://127.0.0.1:${port}"`);
    expect(text).toMatch(/\[remote-commands\][^[]*enabled = false/);
    expect(text).toMatch(/\[file-reception\][^[]*enabled = true/);
    expect(text).toMatch(/\[monitoring\][^[]*enabled = true/);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('reconnecting');
  });
});
