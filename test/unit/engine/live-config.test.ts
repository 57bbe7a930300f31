// A config update on a running engine: the live parts are adopted (request handlers read them), the
// features restarted only when theirs changed, and a part that needs a new connection keeps its running
// value, said in the log.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../main/config/defaults';
import { applyLiveConfig, type LiveConfigTarget } from '../../../main/engine/live-config';
import type { RportConfig } from '../../../main/shared/types/config-types';

function running(): RportConfig {
  const config = defaultConfig('/data', 'linux');
  config.client.server = 'ws://rport.example.com:8080';
  config.client.auth = 'client1:pw';
  return config;
}

function target(current: RportConfig | null) {
  const t = {
    current,
    adopted: [] as RportConfig[],
    restarts: 0,
    logs: [] as string[],
    adopt: (c: RportConfig) => void t.adopted.push(c),
    restartSessionFeatures: () => void (t.restarts += 1),
    log: (level: 'info' | 'warn', message: string) => void t.logs.push(`${level}: ${message}`),
  };
  return t satisfies LiveConfigTarget;
}

describe('applyLiveConfig', () => {
  it('adopts rules read per request without touching the features', () => {
    const t = target(running());
    const next = running();
    next['remote-commands'].allow = ['^/usr/bin/uptime$'];
    next.logging.log_level = 'debug';
    expect(applyLiveConfig(t, next)?.kind).toBe('live');
    expect(t.adopted).toHaveLength(1);
    expect(t.adopted[0]?.['remote-commands'].allow).toEqual(['^/usr/bin/uptime$']);
    expect(t.restarts).toBe(0);
    expect(t.logs).toEqual(['info: config applied without reconnecting: logging.log_level, remote-commands.allow']);
  });

  it('restarts the per-connection features when monitoring changes, with Go’s 60 s minimum applied', () => {
    const t = target(running());
    const next = running();
    next.monitoring.interval = 10e9;
    next.monitoring.pm_enabled = false;
    applyLiveConfig(t, next);
    expect(t.restarts).toBe(1);
    expect(t.adopted[0]?.monitoring.interval).toBe(60e9);
  });

  it('keeps a key that needs a new connection at its running value, and says so', () => {
    const t = target(running());
    const next = running();
    next.client.server = 'ws://other.example.com:8080';
    next.logging.log_level = 'error';
    expect(applyLiveConfig(t, next)?.kind).toBe('reconnect');
    expect(t.adopted[0]?.client.server).toBe('ws://rport.example.com:8080');
    expect(t.adopted[0]?.logging.log_level).toBe('error');
    expect(t.logs[0]).toBe('warn: config update: client.server needs a new connection and applies at the next start');
  });

  it('does nothing for an equal config', () => {
    const t = target(running());
    expect(applyLiveConfig(t, running())?.kind).toBe('none');
    expect(t.adopted).toEqual([]);
    expect(t.logs).toEqual([]);
  });
});
