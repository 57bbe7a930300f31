// The headless web UI under abuse, served by a real `rport-tray run --ui` with the real engine connected
// to the test rportd: requests without the token, with a wrong token, a foreign Origin or a foreign Host
// (DNS rebinding) are refused over HTTP and for the WebSocket; the UI is not reachable from another
// address of this machine; every malformed frame (binary, not JSON, wrong types, unknown names, prototype
// names, bad params for EVERY request of the contract, a flood, an oversized frame) gets a clear refusal
// without harming the app: afterwards the same socket (or a new one) works, the engine is still connected
// on the same worker, and no frame ever carried the password.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES } from '../../../main/shared/contract';
import { MAX_WS_MESSAGE_BYTES } from '../../../main/ui-bridge/ws-protocol';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { rportConf, startHeadlessRun, writeConf, type HeadlessRun } from '../../support/faults/headless-run';
import { probe } from '../../support/faults/http-probe';
import { placesHolding } from '../../support/faults/secret-scan';
import { UiClient } from '../../support/faults/ui-client';
import { eventually } from '../../support/faults/wait';
import { readStatusFile } from '../../../main/watchdog/status-file';

const PASSWORD = 'Ui-Abuse-Pa55word-91d2';

let rportd: TestRportd;
let run: HeadlessRun;
let root: string;
let ui: { url: string; port: number; token: string; origin: string };
const clients: UiClient[] = [];

async function client(headers?: Record<string, string>): Promise<UiClient> {
  const c = await UiClient.connect(ui.origin, ui.token, headers);
  clients.push(c);
  await c.waitForFrame((f) => f.kind === 'hello');
  return c;
}

async function engineState(c: UiClient): Promise<{ state: string; restartCount: number }> {
  const outcome = await c.request('getSnapshot');
  expect(outcome.ok).toBe(true);
  const status = (outcome.value as { status: { state: string; supervisor: { restartCount: number } } }).status;
  return { state: status.state, restartCount: status.supervisor.restartCount };
}

const workerPid = (): number | null => readStatusFile(path.join(root, 'data'))?.supervisor.workerPid ?? null;
let firstWorkerPid: number | null = null;

beforeAll(async () => {
  rportd = await startTestRportd({ clientLoginWaitMs: 0, clients: { client1: PASSWORD } });
  root = mkdtempSync(path.join(tmpdir(), 'rport-ui-abuse-'));
  const configFile = path.join(root, 'rport.conf');
  writeConf(
    configFile,
    rportConf({ server: rportd.url, auth: `client1:${PASSWORD}`, dataDir: path.join(root, 'data') }),
  );
  run = await startHeadlessRun(configFile, { ui: true });
  ui = run.ui as typeof ui;
  await run.guard(rportd.waitForClient(() => true, 30_000));
  firstWorkerPid = await eventually(workerPid, 10_000, 'the worker pid in the status file');
});

afterAll(async () => {
  for (const c of clients) c.close();
  await run?.stop();
  await rportd?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('abuse: who may talk to the web UI', () => {
  const host = (): string => `127.0.0.1:${ui.port}`;

  it('accepts the real thing (the control for every refusal below)', async () => {
    expect((await probe({ port: ui.port, headers: { Authorization: `Bearer ${ui.token}` } })).status).toBe(200);
    const viaUrl = await probe({ port: ui.port, path: `/?token=${ui.token}` });
    expect(viaUrl.status).toBe(303);
    const cookie = String(viaUrl.headers['set-cookie']).split(';')[0] ?? '';
    expect((await probe({ port: ui.port, headers: { Cookie: cookie } })).status).toBe(200);
    const upgrade = await probe({
      port: ui.port,
      path: '/ws',
      upgrade: true,
      headers: { Cookie: cookie, Origin: ui.origin },
    });
    expect(upgrade.status).toBe(101);
  });

  it('refuses without the token or with a wrong one (page, assets and WebSocket)', async () => {
    for (const upgrade of [false, true]) {
      const p = upgrade ? '/ws' : '/';
      expect((await probe({ port: ui.port, path: p, upgrade })).status).toBe(401);
      expect((await probe({ port: ui.port, path: `${p}?token=wrong`, upgrade })).status).toBe(401);
      const wrongBearer = await probe({ port: ui.port, path: p, upgrade, headers: { Authorization: 'Bearer x' } });
      expect(wrongBearer.status).toBe(401);
      const forged = await probe({
        port: ui.port,
        path: p,
        upgrade,
        headers: { Cookie: `rport_tray_ui_${ui.port}=x` },
      });
      expect(forged.status).toBe(401);
    }
    expect((await probe({ port: ui.port, path: '/index.html' })).status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token (another site in the same browser)', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${ui.port + 1}`, 'null', `https://${host()}`]) {
      for (const upgrade of [false, true]) {
        const r = await probe({
          port: ui.port,
          path: upgrade ? '/ws' : '/',
          upgrade,
          headers: { Authorization: `Bearer ${ui.token}`, Origin: origin },
        });
        expect(r.status, `${origin} upgrade=${upgrade}`).toBe(403);
      }
    }
  });

  it('refuses a foreign Host even with the right token (DNS rebinding)', async () => {
    for (const foreign of [`evil.example:${ui.port}`, 'evil.example', `127.0.0.1.nip.io:${ui.port}`, '10.0.0.1']) {
      for (const upgrade of [false, true]) {
        const r = await probe({
          port: ui.port,
          path: upgrade ? '/ws' : '/',
          upgrade,
          headers: { Host: foreign, Authorization: `Bearer ${ui.token}` },
        });
        expect(r.status, `${foreign} upgrade=${upgrade}`).toBe(403);
      }
    }
    await expect(UiClient.connect(ui.origin, ui.token, { Host: `evil.example:${ui.port}` })).rejects.toThrow(/403/);
  });

  it('is not reachable from another host: nothing listens on this machine’s other addresses', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    if (!external) return; // no non-loopback address here: loopback-only is all there is
    await expect(probe({ host: external.address, port: ui.port })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('abuse: malformed and hostile WebSocket frames', () => {
  it('refuses binary, non-JSON and wrongly typed frames, each with a reason, and keeps the socket', async () => {
    const c = await client();
    const before = c.anonymousResponses().length;
    c.sendRaw(Buffer.from([0, 1, 2, 3]), true);
    c.sendRaw('{"kind":"request","id":1,');
    c.sendRaw('null');
    c.sendRaw('[]');
    c.sendRaw('"request"');
    c.sendJson({ kind: 'request', id: 'one', name: 'getSnapshot' });
    c.sendJson({ kind: 'event', id: 2, name: 'getSnapshot' });
    c.sendJson({ kind: 'request', id: -1, name: 'getSnapshot' });
    c.sendJson({ kind: 'request', id: 1.5, name: 'getSnapshot' });
    c.sendJson({ kind: 'request', id: 3, name: 'getSnapshot', extra: true });
    c.sendJson({ kind: 'request', id: 4, name: 'x'.repeat(65) });
    c.sendJson({ kind: 'request', id: 5, name: 42 });
    await c.waitForFrame((f) => f.kind === 'response' && f.id === 5);
    const refusals = c.frames.filter((f) => f.kind === 'response');
    expect(refusals.length - before).toBe(12);
    for (const r of refusals) {
      expect(r.outcome?.ok).toBe(false);
      expect(r.outcome?.error?.code).toBe('invalid-request');
      expect(r.outcome?.error?.message).toMatch(/binary frames|not JSON|invalid frame/);
    }
    expect(refusals.filter((r) => r.id === 3 || r.id === 4 || r.id === 5)).toHaveLength(3);
    expect((await engineState(c)).state).toBe('connected');
  });

  it('answers unknown and prototype request names with "unknown request"', async () => {
    const c = await client();
    for (const name of ['nope', 'deleteEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      const outcome = await c.request(name, {});
      expect(outcome.ok, name).toBe(false);
      expect(outcome.error?.code).toBe('invalid-request');
      expect(outcome.error?.message).toMatch(/^unknown request/);
    }
  });

  it('validates the params of every request in the contract', async () => {
    const c = await client();
    expect(REQUEST_NAMES.length).toBeGreaterThanOrEqual(10);
    for (const name of REQUEST_NAMES) {
      for (const params of [{ unexpected: true }, 'text', 42, [1, 2], { index: 'x', text: 7, server: 9 }]) {
        const outcome = await c.request(name, params);
        expect(outcome.ok, `${name} ${JSON.stringify(params)}`).toBe(false);
        expect(outcome.error?.code).toBe('invalid-request');
        expect(outcome.error?.message).toMatch(new RegExp(`^invalid params for ${name}`));
      }
    }
    // Values that are well-typed but out of range or too big are refused too.
    expect((await c.request('switchServer', { index: 999 })).error?.code).toBe('invalid-request');
    expect((await c.request('switchServer', { index: -1 })).error?.code).toBe('invalid-request');
    const huge = 'x'.repeat(Math.floor(MAX_WS_MESSAGE_BYTES / 2) - 1024);
    const tooBig = await c.request('checkConfig', { text: huge });
    expect(tooBig.ok).toBe(false);
    expect(tooBig.error?.message).toMatch(/too large/);
    expect((await engineState(c)).state).toBe('connected');
  });

  it('a flood of requests: every frame answered exactly once (refused when too many at once), nothing lost', async () => {
    const c = await client();
    const ids: number[] = [];
    for (let id = 1000; id < 1400; id++) {
      ids.push(id);
      c.sendJson({ kind: 'request', id, name: id % 2 ? 'getSnapshot' : 'getConfig' });
    }
    await c.waitForFrame(() => ids.every((id) => c.frames.some((f) => f.kind === 'response' && f.id === id)), 60_000);
    for (const id of ids) expect(c.frames.filter((f) => f.kind === 'response' && f.id === id)).toHaveLength(1);
    const refused = c.frames.filter((f) => f.kind === 'response' && (f.id ?? 0) >= 1000 && !f.outcome?.ok);
    for (const r of refused) expect(r.outcome?.error?.message).toBe('too many requests at once');
    expect((await engineState(c)).state).toBe('connected');
  });

  it('an oversized frame closes that socket (1009) and nothing else: a new window connects and works', async () => {
    const c = await client();
    c.sendRaw('x'.repeat(MAX_WS_MESSAGE_BYTES + 1));
    expect(await c.closed()).toBe(1009);
    const next = await client();
    const state = await engineState(next);
    expect(state.state).toBe('connected');
  });

  it('after all of it: the process, the engine and its connection are unharmed, and no frame held the password', async () => {
    const c = await client();
    expect(run.alive()).toBe(true);
    expect((await engineState(c)).state).toBe('connected');
    expect(rportd.clients).toHaveLength(1);
    expect((await engineState(c)).restartCount).toBe(0);
    expect(workerPid()).toBe(firstWorkerPid);
    const config = await c.request('getConfig');
    expect(config.ok).toBe(true);
    const everything: Record<string, string> = {};
    clients.forEach((cl, i) => (everything[`socket ${i}`] = cl.rawFrames.join('\n')));
    expect(placesHolding(PASSWORD, everything)).toEqual([]);
    expect(placesHolding(PASSWORD, { stdout: run.stdout(), stderr: run.stderr() })).toEqual([]);
  });
});
