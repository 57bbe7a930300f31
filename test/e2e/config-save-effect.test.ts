// The Config view in Debian's Chromium against `rport-tray run --ui` (real engine, test rportd) with a
// tunnel stream open through the server: before "Save and restart" the window says the reconnect will cut
// that stream; a log-level change instead says it is applied without reconnecting, and saving it leaves
// the stream carrying data, with the same worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/chromium';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';
import { configText } from '../integration/watchdog/watchdog-harness';

let rportd: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let page: Page;
let echo: Server;
let stream: Socket | null = null;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-e2e-save-effect-'));
  rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'rport.conf');
  const text = configText(dataDir, { server: rportd.url, fingerprint: rportd.fingerprint, keepAliveTimeout: '10s' });
  writeFileSync(configFile, text, { mode: 0o600 });
  ui = await startHeadlessUi(configFile, {
    ...process.env,
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ backoffMinMs: 300, dialTimeoutMs: 2_000, keepAliveJitterMs: 100 }),
    RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
    XDG_DATA_HOME: path.join(dir, 'xdg'),
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1180, height: 820 } })).newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  stream?.destroy();
  await browser?.close();
  await ui?.stop();
  await rportd?.stop();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer): void => {
      got += d.toString();
      if (got.length < text.length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(got);
    };
    const onClose = (): void => reject(new Error('the tunnel stream was cut'));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(text);
  });
}

describe('config view: what saving does to open tunnel streams', () => {
  it('counts the stream a reconnect cuts, and keeps it across a change applied live', async () => {
    await page.goto(ui.url);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('connected');
    const client = await rportd.waitForClient();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${(echo.address() as { port: number }).port}` });
    stream = connect(tunnel.port, '127.0.0.1');
    expect(await roundTrip(stream, 'hello')).toBe('hello');

    await page.getByTestId('nav-config').click();
    await page.getByTestId('config-editor').waitFor();
    await page.getByTestId('config-field-client.name').fill('renamed');
    const note = page.getByTestId('config-save-effect');
    await expect
      .poll(() => note.textContent())
      .toBe('Saving reconnects the engine (client.name changed): 1 open tunnel stream will be cut.');
    expect(await page.getByTestId('config-save').textContent()).toBe('Save and restart');
    await screenshot(page, 'config-save-effect-reconnect');

    await page.getByTestId('config-revert').click();
    await page.getByTestId('config-field-logging.log_level').selectOption('debug');
    await expect
      .poll(() => note.textContent())
      .toBe('Saving applies this without reconnecting: open tunnel streams stay open.');
    await page.getByTestId('config-save').click();
    await expect
      .poll(() => page.getByTestId('config-save-result').textContent())
      .toBe('Saved. Applied without reconnecting: open tunnel streams stay open.');
    expect(await roundTrip(stream, 'still here')).toBe('still here');
    expect(rportd.clients).toHaveLength(1);
    expect(client.isClosed).toBe(false);
    expect(ui.output()).not.toMatch(/restarting the engine/);
  });
});
