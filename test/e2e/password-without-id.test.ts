// A password written without its id (`auth = "<password>"`) is a secret everywhere: `rport-tray run --ui`
// as a real process against the test rportd, every view opened in Debian's Chromium (the config editor as
// raw text and as a form), and the password then looked for in every page, every WebSocket frame either
// way, the process output, every file under the data folder (the log) and a diagnostics export, as typed,
// URL-encoded, base64 and JSON-escaped. Remote commands quoting the password (one run, one refused and
// logged) check the scrubbers on a secret coming back from outside; positive controls show each place was
// really looked at.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../main/shared/secrets';
import { jobPayload } from '../integration/remote/remote-rig';
import { launchChromium } from '../support/e2e/chromium';
import { startHeadlessUi, type HeadlessUi } from '../support/e2e/headless-ui-process';
import { screenshot } from '../support/e2e/screenshots';
import { startTestRportd, type TestRportd } from '../support/rportd';

// `+`, `/` and `!` make the encoded forms differ from the password as typed.
const PASSWORD = 'Pw-Only+No/Id!Secret';
const FORMS = [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  encodeURIComponent(PASSWORD).replace(/!/g, '%21'),
  Buffer.from(PASSWORD).toString('base64'),
  JSON.stringify(PASSWORD).slice(1, -1),
];

let rportd: TestRportd;
let ui: HeadlessUi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir = '';
let dataDir = '';
/** Every WebSocket frame between the page and the app, both ways. */
const frames: string[] = [];
/** What each view showed: its HTML, its text, and the values of its inputs. */
const pages = new Map<string, string>();

function configText(): string {
  return [
    '# A password typed without its id',
    '[client]',
    `  server = "${rportd.url}"`,
    `  auth = "${PASSWORD}"`,
    `  fingerprint = "${rportd.fingerprint}"`,
    `  data_dir = "${dataDir}"`,
    '  id = "no-id-client"',
    '',
    '[connection]',
    "  keep_alive = '1s'",
    "  keep_alive_timeout = '10s'",
    '',
    '[logging]',
    '  log_level = "debug"',
    '',
    '[monitoring]',
    '  enabled = false',
    '',
  ].join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-no-id-'));
  dataDir = path.join(dir, 'data');
  // Without a colon the Go client logs in with an empty id and password: this rportd takes those.
  rportd = await startTestRportd({ clients: { '': '' }, clientLoginWaitMs: 0 });
  const configFile = path.join(dir, 'rport.conf');
  writeFileSync(configFile, configText(), { mode: 0o600 });
  ui = await startHeadlessUi(configFile, {
    ...process.env,
    XDG_DATA_HOME: path.join(dir, 'xdg'),
    RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ backoffMinMs: 300, dialTimeoutMs: 2_000, keepAliveJitterMs: 100 }),
  });
  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 820 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('websocket', (socket) => {
    const keep = (frame: { payload: string | Buffer }) => frames.push(frame.payload.toString());
    socket.on('framesent', keep);
    socket.on('framereceived', keep);
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await ui?.stop();
  await rportd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function capture(name: string): Promise<string> {
  const values = await page
    .locator('input, textarea, select')
    .evaluateAll((elements) => elements.map((e) => (e as unknown as { value: string }).value));
  const seen = [await page.content(), await page.locator('body').innerText(), ...values].join('\n');
  pages.set(name, seen);
  await screenshot(page, `no-id-${name}`);
  return seen;
}

async function openView(name: string, ready: string): Promise<string> {
  await page.getByTestId(`nav-${name}`).click();
  await expect.poll(() => page.getByTestId(`nav-${name}`).getAttribute('aria-current')).toBe('page');
  await page.getByTestId(ready).first().waitFor();
  return capture(name);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

function expectNoPassword(where: string, content: string | Buffer): void {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  for (const form of FORMS) expect(text.includes(form), `${where} holds the password (${form})`).toBe(false);
}

describe('a password written without its id', () => {
  it('connects, and the engine runs a command that quotes the password', async () => {
    await page.goto(ui.url);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('connected');
    const client = await rportd.waitForClient();
    // The login split as Go does it: the password is not sent as one, nor in the connection request.
    expect(client.connectionRequest?.ID).toBe('no-id-client');
    expectNoPassword('the connection request rportd got', JSON.stringify(client.connectionRequest));
    const run = (command: string) => client.request('run_cmd', jobPayload({ client_id: 'no-id-client', command }));
    expect((await run(`/usr/bin/echo ${PASSWORD}`)).ok).toBe(true);
    // Refused (a `;`), and logged with the command quoted.
    expect((await run(`/usr/bin/echo ${PASSWORD}; id`)).ok).toBe(false);
  });

  it('shows it in no view: status, servers, tunnels, activity, logs, settings', async () => {
    expect(await openView('status', 'state-timeline')).toContain('Connected to');
    expect(await openView('servers', 'server-list')).toContain(rportd.url);
    await openView('tunnels', 'tunnel-list');
    await openView('activity', 'activity-item');
    await expect
      .poll(() => page.locator('[data-testid="activity-item"][data-outcome="successful"]').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await page.locator('[data-testid="activity-item"][data-outcome="refused"]').count()).toBe(1);
    expect(await capture('activity')).toContain(`/usr/bin/echo ${SECRET_MASK}`);
    expect(await openView('logs', 'log-line')).toContain('Connected to');
    await openView('settings', 'settings-view');
  });

  it('shows it masked in the config editor, as raw text and as a form', async () => {
    await openView('config', 'config-editor');
    await page.getByTestId('config-mode-raw').click();
    const raw = await page.getByTestId('config-raw-text').inputValue();
    expect(raw).toContain(`auth = "${SECRET_MASK}"`);
    expect(raw).toContain('# A password typed without its id');
    await capture('config-raw');
    await page.getByTestId('config-mode-form').click();
    const id = page.getByTestId('config-field-auth.id');
    const password = page.getByTestId('config-field-auth.password');
    expect(await id.inputValue()).toBe('');
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).toBe(`${SECRET_MASK} (unchanged)`);
    expect(await page.getByTestId('config-field-client.id').inputValue()).toBe('no-id-client');
    await capture('config-form');
  });

  it('leaves it out of a diagnostics export', async () => {
    await page.getByTestId('nav-logs').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-diagnostics').click();
    const entries = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    const entry = (suffix: string) =>
      strFromU8(Object.entries(entries).find(([name]) => name.endsWith(suffix))?.[1] ?? new Uint8Array());
    expect(entry('/rport.conf')).toContain(`auth = "${SECRET_MASK}"`);
    expect(entry('/logs.txt')).toContain('Connected to');
    expect(entry('/activity.json')).toContain(`/usr/bin/echo ${SECRET_MASK}`);
    for (const [name, data] of Object.entries(entries)) expectNoPassword(`diagnostics ${name}`, Buffer.from(data));
  });

  it('is nowhere: pages, WebSocket frames, process output, data folder (the log)', async () => {
    expect(pages.size).toBe(9);
    for (const [name, seen] of pages) expectNoPassword(`the ${name} view`, seen);

    expect(frames.some((f) => f.includes(`auth = \\"${SECRET_MASK}\\"`))).toBe(true);
    for (const frame of frames) expectNoPassword('a WebSocket frame', frame);

    expect(ui.output()).toContain('web UI at');
    expectNoPassword('the process output', ui.output());

    const files = filesUnder(dataDir);
    const logs = files.filter((f) => f.endsWith('.log'));
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.map((f) => readFileSync(f, 'utf8')).join('')).toContain(
      `refused command \\"/usr/bin/echo ${SECRET_MASK}`,
    );
    for (const file of files) expectNoPassword(file, readFileSync(file));
  });
});
