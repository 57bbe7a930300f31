import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import { lazyRequestHandler, lazySessionFeature, loadOnce } from '../../../../main/engine/remote/lazy-feature';
import type {
  FeatureContext,
  RequestContext,
  ServerCapabilities,
  ServerSession,
  SessionFeature,
} from '../../../../main/engine/server-session';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function context(logs: string[] = []): FeatureContext {
  return {
    config: defaultConfig('/tmp/lazy-feature-test', 'linux'),
    log: (level, message) => logs.push(`${level}: ${message}`),
    activity: () => undefined,
    remoteCommandsBlocked: () => false,
    getAttributes: () => ({ tags: [], labels: {} }),
    setAttributes: () => undefined,
  };
}

function session(closed = false): ServerSession {
  return {
    server: { index: 0, url: 'ws://127.0.0.1:1' },
    remoteAddress: '127.0.0.1:1',
    closed,
    notify: () => undefined,
    openChannel: () => Promise.reject(new Error('none')),
    sftp: () => Promise.reject(new Error('none')),
    onClose: () => undefined,
  } as unknown as ServerSession;
}

describe('remote features loaded on first use', () => {
  it('loads a handler once, on the first request, and answers every request with it', async () => {
    const load = vi.fn(async () => async (payload: Buffer) => ({ ok: true, payload }));
    const handler = lazyRequestHandler(load);
    expect(load).not.toHaveBeenCalled();
    const ctx = { ...context(), session: session() } as RequestContext;
    const replies = await Promise.all([handler(Buffer.from('a'), ctx), handler(Buffer.from('b'), ctx)]);
    expect(replies.map((r) => r.payload?.toString())).toEqual(['a', 'b']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports a failed load to that request and tries again on the next', async () => {
    let attempts = 0;
    const once = loadOnce(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('chunk missing');
      return 'loaded';
    });
    await expect(once()).rejects.toThrow('chunk missing');
    await expect(once()).resolves.toBe('loaded');
    await expect(once()).resolves.toBe('loaded');
    expect(attempts).toBe(2);
  });

  it('starts a session feature after its load with the capabilities that came meanwhile', async () => {
    const seen: ServerCapabilities[] = [];
    const stop = vi.fn();
    const real: SessionFeature = {
      name: 'real',
      start: () => ({ capabilities: (c) => seen.push(c), stop }),
    };
    const load = vi.fn(async () => real);
    const feature = lazySessionFeature({ name: 'monitoring', load, needed: () => true });
    const handle = feature.start(session(), context());
    handle.capabilities?.({ MonitoringVersion: 1 });
    expect(seen).toEqual([]);
    await flush();
    expect(seen).toEqual([{ MonitoringVersion: 1 }]);
    handle.capabilities?.({ MonitoringVersion: 2 });
    expect(seen).toEqual([{ MonitoringVersion: 1 }, { MonitoringVersion: 2 }]);
    handle.stop();
    expect(stop).toHaveBeenCalledTimes(1);
    // A second connection reuses the loaded module.
    feature.start(session(), context()).stop();
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads nothing when the config leaves the feature nothing to do, and starts nothing for a gone connection', async () => {
    const start = vi.fn(() => ({ stop() {} }));
    const load = vi.fn(async () => ({ name: 'real', start }));
    const idle = lazySessionFeature({ name: 'updates-status', load, needed: () => false });
    idle.start(session(), context()).stop();
    await flush();
    expect(load).not.toHaveBeenCalled();

    const used = lazySessionFeature({ name: 'updates-status', load, needed: () => true });
    used.start(session(), context()).stop();
    used.start(session(true), context());
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(start).not.toHaveBeenCalled();
  });

  it('logs a session feature whose code cannot be loaded', async () => {
    const logs: string[] = [];
    const feature = lazySessionFeature({
      name: 'ip-addresses',
      load: () => Promise.reject(new Error('chunk missing')),
      needed: () => true,
    });
    feature.start(session(), context(logs));
    await flush();
    expect(logs).toEqual(['error: ip-addresses: cannot load: chunk missing']);
  });
});
