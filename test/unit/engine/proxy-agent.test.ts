// `[client] proxy` support loads its agent packages only when a proxy is configured (they add ~9 MiB to
// the engine process otherwise), and the engine's bundle never imports them statically.
import { build } from 'esbuild';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { describe, expect, it } from 'vitest';
import { ProxyConfigError, createProxyAgent, loadProxyAgent, proxyAgentLoaded } from '../../../main/engine/proxy-agent';

describe('proxy agents', () => {
  it('are created only after their package was loaded, each kind on its own', async () => {
    expect(proxyAgentLoaded('http://proxy.example:3128')).toBe(false);
    expect(() => createProxyAgent('http://proxy.example:3128')).toThrow(/not loaded/);
    await loadProxyAgent('http://proxy.example:3128');
    expect(proxyAgentLoaded('http://proxy.example:3128')).toBe(true);
    expect(createProxyAgent('http://user:pw@proxy.example:3128')).toBeInstanceOf(HttpsProxyAgent);

    expect(proxyAgentLoaded('socks5h://proxy.example:1080')).toBe(false);
    await loadProxyAgent('socks://proxy.example:1080');
    expect(createProxyAgent('socks5h://proxy.example:1080')).toBeInstanceOf(SocksProxyAgent);
  });

  it('leave a bad proxy URL for createProxyAgent to report with the Go client’s words', async () => {
    await expect(loadProxyAgent('https://proxy.example:3128')).resolves.toBeUndefined();
    expect(proxyAgentLoaded('not a url')).toBe(true);
    expect(() => createProxyAgent('https://proxy.example:3128')).toThrow(
      new ProxyConfigError('https proxies not (yet) supported'),
    );
    expect(() => createProxyAgent('not a url')).toThrow(
      'unsupported proxy scheme: (none) (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
    );
  });

  it('are never imported statically by the engine (a dynamic import only)', async () => {
    const result = await build({
      entryPoints: ['main/watchdog/worker-entry.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: 'out',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
    const agentImports = imports.filter((i) => /proxy-agent$/.test(i.path) && i.external);
    expect(agentImports.map((i) => `${i.path} ${i.kind}`).sort()).toEqual([
      'https-proxy-agent dynamic-import',
      'socks-proxy-agent dynamic-import',
    ]);
  });
});
