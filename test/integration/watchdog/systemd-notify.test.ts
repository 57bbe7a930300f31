// `rport-tray run` under systemd: with NOTIFY_SOCKET naming a real datagram socket it sends READY=1 once
// connected, WATCHDOG=1 on every state.json event (here a ping every second) and on nothing else, so
// WATCHDOG=1 stops while the engine is frozen (SIGSTOP of the worker) and comes back once the watchdog
// replaced it, and STOPPING=1 on SIGTERM. It says at debug level which socket it uses, as the Go client.
import { afterEach, describe, expect, it } from 'vitest';
import { startNotifyListener, type NotifyListener } from '../../support/systemd/notify-listener';
import { startRunProcess, type RunProcess } from './run-process';

let run: RunProcess | null = null;
let listener: NotifyListener | null = null;
afterEach(async () => {
  await run?.close();
  run = null;
  await listener?.close();
  listener = null;
});

const has = (field: string) => (d: { fields: string[] }) => d.fields.includes(field);

describe.skipIf(process.platform !== 'linux')('systemd notify (NOTIFY_SOCKET)', () => {
  it('READY=1 once connected, WATCHDOG=1 only on progress (none while the engine is frozen), STOPPING=1 on stop', async () => {
    listener = await startNotifyListener();
    const l = listener;
    run = await startRunProcess({
      env: { NOTIFY_SOCKET: l.socket, WATCHDOG_USEC: '200000000' },
      config: () => ({ extra: '[logging]\nlog_level = "debug"' }),
    });
    const r = run;
    const before = await r.waitConnected();
    const ready = await l.waitFor(has('READY=1'), 'READY=1');
    expect(ready.fields).toContain('WATCHDOG=1');
    expect(ready.fields.find((f) => f.startsWith('STATUS='))).toMatch(/^STATUS=Connected to 127\.0\.0\.1:\d+ within /);
    // Pings every second pet the watchdog.
    await l.waitFor((d) => d !== ready && has('WATCHDOG=1')(d), 'a WATCHDOG=1 after READY=1', 10_000);
    expect(l.datagrams.filter(has('READY=1'))).toHaveLength(1);
    expect(r.stdout()).toContain(`Using NOTIFY_SOCKET ${l.socket} for systemd watchdog integration`);

    // Freeze the engine: no progress, so no WATCHDOG=1 until the replaced worker reports again.
    const frozenPid = before.supervisor.workerPid as number;
    process.kill(frozenPid, 'SIGSTOP');
    const frozenAt = Date.now();
    const replaced = await r.waitFor(
      (s) => s.supervisor.workerPid !== null && s.supervisor.workerPid !== frozenPid,
      'a new worker',
    );
    const replacedAt = Date.now();
    // Allow one datagram already in flight when the worker froze.
    const whileFrozen = l.datagrams.filter((d) => d.at > frozenAt + 500 && d.at < replacedAt && has('WATCHDOG=1')(d));
    expect(whileFrozen).toEqual([]);
    expect(replacedAt - frozenAt).toBeGreaterThan(2_000); // a window in which 2 or more pings were due
    expect(replaced.supervisor.restarts[0]?.reason.kind).toBe('unresponsive');
    await l.waitFor((d) => d.at > replacedAt && has('WATCHDOG=1')(d), 'WATCHDOG=1 from the new worker', 20_000);

    r.child.kill('SIGTERM');
    expect(await r.exited).toEqual({ code: 0, signal: null });
    const stopping = await l.waitFor(has('STOPPING=1'), 'STOPPING=1', 5_000);
    expect(l.datagrams.filter(has('READY=1'))).toHaveLength(1);
    // Nothing but these three kinds of message (and their STATUS= lines) was sent; BARRIER=1 is
    // systemd-notify's own wait for the manager to have read each message.
    const keys = new Set(
      l.datagrams.flatMap((d) => d.fields.map((f) => f.split('=')[0])).filter((k) => k !== 'BARRIER'),
    );
    expect([...keys].sort()).toEqual(['READY', 'STATUS', 'STOPPING', 'WATCHDOG']);
    expect(stopping.at).toBeGreaterThanOrEqual(replacedAt);
  }, 90_000);
});
