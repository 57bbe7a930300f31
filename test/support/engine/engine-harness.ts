// Helpers for engine tests: a config pointing at a test rportd, an engine with short test timings that
// records every event, and waits on those events with a deadline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { defaultConfig } from '../../../main/config/defaults';
import { createEngine, type CreateEngineOptions, type RportEngine } from '../../../main/engine/engine';
import type { EngineTimings } from '../../../main/engine/engine-timings';
import type {
  EngineEvent,
  EngineStartOptions,
  EngineStateName,
  ProgressKind,
} from '../../../main/shared/types/engine-types';

export const TEST_TIMINGS: Partial<EngineTimings> = {
  backoffMinMs: 100,
  dialTimeoutMs: 5_000,
  newConnectionReplyTimeoutMs: 2_000,
  keepAliveJitterMs: 0,
  udpIdleMs: 500,
  tunnelUpdateIntervalMs: 100,
  minConnectionLifetimeMs: 0,
};

const ms = (n: number): number => n * 1e6;

export interface TestConfigInput {
  server: string;
  auth?: string;
  dataDir: string;
  tweak?: (config: RportConfig) => void;
}

export function testConfig(input: TestConfigInput): RportConfig {
  const config = defaultConfig(input.dataDir);
  config.client.server = input.server;
  config.client.auth = input.auth ?? 'client1:secret1';
  config.client.id = `test-client-${randomUUID()}`;
  config.client.name = 'engine-test';
  config.client.use_system_id = false;
  config.connection.keep_alive = ms(60_000);
  config.connection.keep_alive_timeout = ms(2_000);
  config.connection.max_retry_interval = ms(1_000);
  config.client.server_switchback_interval = ms(60_000);
  // Keeps the updates sender and monitoring (parity features) quiet unless a test wants them.
  config.client.updates_interval = 0;
  config.monitoring.enabled = false;
  input.tweak?.(config);
  return config;
}

export function tempDir(prefix = 'rport-engine-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class EngineHarness {
  readonly events: EngineEvent[] = [];
  readonly engine: RportEngine;
  private waiters: Array<{ pred: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void }> = [];

  constructor(options: CreateEngineOptions = {}) {
    this.engine = createEngine({ ...options, timings: { ...TEST_TIMINGS, ...options.timings } });
    this.engine.on((event) => {
      this.events.push(event);
      for (const w of [...this.waiters]) {
        if (w.pred(event)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    });
  }

  start(config: RportConfig, extra: Partial<EngineStartOptions> = {}): void {
    this.engine.start({ config, configPath: '/test/rport.conf', sessionId: randomUUID(), ...extra });
  }

  /** The next event (after now, or already seen when `includePast`) matching `pred`. */
  waitFor(pred: (e: EngineEvent) => boolean, timeoutMs = 10_000, includePast = false): Promise<EngineEvent> {
    if (includePast) {
      const found = this.events.find(pred);
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for an engine event; last: ${JSON.stringify(this.events.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      const done = (e: EngineEvent): void => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  waitForProgress(kind: ProgressKind, timeoutMs?: number, includePast = false): Promise<EngineEvent> {
    return this.waitFor((e) => e.type === 'progress' && e.kind === kind, timeoutMs, includePast);
  }

  waitForState(state: EngineStateName, timeoutMs?: number): Promise<EngineEvent> {
    return this.waitFor((e) => e.type === 'progress' && e.status.state === state, timeoutMs, true);
  }

  logs(): string[] {
    return this.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
  }

  async stop(): Promise<void> {
    await this.engine.stop();
  }
}
