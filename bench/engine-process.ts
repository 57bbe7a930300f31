// One engine runner bundle (test/support/engine/engine-runner.ts) in a process of its own, logged in to a
// test rportd, with the probes the runner answers over IPC: resource usage and GC pauses. Shared by the
// bench tools that start engines from bundles (engine-ab.ts, tail-attribution.ts).
import { fork } from 'node:child_process';
import { defaultConfig } from '../main/config/defaults';
import type { GcPause } from '../test/support/engine/engine-probe';
import type { UsageSample } from './engine-probes';

export interface Engine {
  pid: number;
  usage(): Promise<UsageSample>;
  gcStart(): void;
  gcStop(): Promise<GcPause[]>;
  stop(): void;
  connected: Promise<void>;
}

/** "NAME=value NAME2=value" as an environment to add. */
export function envFrom(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (text ?? '')
      .split(' ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

export function startEngine(
  runner: string,
  url: string,
  id: string,
  execArgv: string[],
  dataDir: string,
  extraEnv: Record<string, string>,
): Engine {
  const config = defaultConfig(dataDir);
  Object.assign(config.client, { server: url, auth: 'client1:secret1', id, use_system_id: false, updates_interval: 0 });
  config.monitoring.enabled = false;
  const child = fork(runner, [], {
    execArgv,
    env: { ...process.env, ...extraEnv, RPORT_ENGINE_RUNNER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<{ type: string } & Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m: { type: string }) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (type: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type);
      if (i >= 0) return messages.splice(i, 1)[0] as Record<string, unknown>;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    pid: child.pid ?? -1,
    connected: next('connected').then(() => undefined),
    usage: async () => {
      child.send({ type: 'usage' });
      return (await next('usage')) as unknown as UsageSample;
    },
    gcStart: () => void child.send({ type: 'gc-start' }),
    gcStop: async () => {
      child.send({ type: 'gc-stop' });
      return (await next('gc')).pauses as GcPause[];
    },
    stop: () => void child.kill('SIGKILL'),
  };
}
