import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { notifications, rigPerTest, startRemoteRig, type RemoteRig, waitFor } from './remote-rig';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
const rigs = rigPerTest(afterEach);

interface IpApi {
  port: number;
  requests: { family: string; userAgent: string | undefined; headerNames: string[]; acceptEncoding?: string }[];
  answer: { v4: string; v6: string };
  gzip: boolean;
}

/** An ip API on loopback answering `{"ip":…}` with a public-looking address per family. */
async function startIpApi(host: '127.0.0.1' | '::1'): Promise<IpApi> {
  const api: IpApi = { port: 0, requests: [], answer: { v4: '203.0.113.7', v6: '2001:db8::7' }, gzip: false };
  const server = http.createServer((request, response) => {
    const v6 = request.socket.remoteFamily === 'IPv6';
    api.requests.push({
      family: v6 ? 'IPv6' : 'IPv4',
      userAgent: request.headers['user-agent'],
      headerNames: Object.keys(request.headers).sort(),
      acceptEncoding: request.headers['accept-encoding'],
    });
    response.setHeader('content-type', 'application/json');
    const json = JSON.stringify({ ip: v6 ? api.answer.v6 : api.answer.v4 });
    // Like a server behind a compressing proxy: gzip whenever the client asks for it, as Go's does.
    if (api.gzip && request.headers['accept-encoding'] === 'gzip') {
      response.setHeader('content-encoding', 'gzip');
      response.end(gzipSync(json));
    } else response.end(json);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  api.port = (server.address() as AddressInfo).port;
  return api;
}

const sent = (r: RemoteRig) => notifications(r, 'ip_addresses');

describe('ip_addresses', () => {
  // The URL names one loopback address, so only one family can reach it: the other lookup fails, which
  // shows that both families are asked and that a failure lands in `error` without hiding the other.
  it('asks ip_api_url over IPv4 (and IPv6) without a User-Agent and sends only changes', async () => {
    const api = await startIpApi('127.0.0.1');
    const rig = rigs.set(
      await startRemoteRig({
        rportd: { capabilities: { IPAddressesVersion: 1, MonitoringVersion: 0 } },
        features: { ipAddresses: { intervalMs: 250 } },
        configure(config) {
          config.client.ip_api_url = `http://127.0.0.1:${api.port}/`;
        },
      }),
    );
    const first = await waitFor(() => sent(rig)[0], 10_000, 'ip_addresses');
    expect(Object.keys(first)).toEqual(['ipv4', 'ipv6', 'updated_at', 'error']);
    expect(first).toMatchObject({ ipv4: '203.0.113.7', ipv6: '', updated_at: '0001-01-01T00:00:00Z' });
    expect(first.error).toMatch(/^IPv6: /);
    expect(api.requests.every((r) => r.family === 'IPv4' && r.userAgent === undefined)).toBe(true);
    // Go's request, header for header: Host and `Accept-Encoding: gzip` from net/http, no User-Agent
    // (myip sets it to "", which net/http leaves out); Node adds only `Connection: close` (no keep-alive).
    expect(api.requests[0]?.headerNames).toEqual(['accept-encoding', 'connection', 'host']);
    expect(api.requests[0]?.acceptEncoding).toBe('gzip');

    // Unchanged answers are fetched again but not sent.
    await waitFor(() => api.requests.length >= 3, 10_000, 'more lookups');
    expect(sent(rig)).toHaveLength(1);

    // A gzip answer (what asking for gzip invites) is unpacked as Go's transport does.
    api.gzip = true;
    api.answer = { ...api.answer, v4: '198.51.100.9' };
    const second = await waitFor(() => sent(rig)[1], 10_000, 'the changed ip_addresses');
    expect(second).toMatchObject({ ipv4: '198.51.100.9', ipv6: '' });
  });

  it('asks over IPv6 too', async () => {
    const api = await startIpApi('::1');
    const rig = rigs.set(
      await startRemoteRig({
        rportd: { capabilities: { IPAddressesVersion: 1, MonitoringVersion: 0 } },
        configure(config) {
          config.client.ip_api_url = `http://[::1]:${api.port}/`;
        },
      }),
    );
    const first = await waitFor(() => sent(rig)[0], 10_000, 'ip_addresses');
    expect(first).toMatchObject({ ipv4: '', ipv6: '2001:db8::7' });
    expect(first.error).toMatch(/^IPv4: /);
    expect(api.requests.map((r) => r.family)).toEqual(['IPv6']);
  });

  it('does nothing when the server lacks the capability', async () => {
    const api = await startIpApi('127.0.0.1');
    const rig = rigs.set(
      await startRemoteRig({
        rportd: { capabilities: { IPAddressesVersion: 0 } },
        features: { ipAddresses: { intervalMs: 100 } },
        configure(config) {
          config.client.ip_api_url = `http://127.0.0.1:${api.port}/`;
        },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.requests).toEqual([]);
    expect(sent(rig)).toEqual([]);
  });
});
