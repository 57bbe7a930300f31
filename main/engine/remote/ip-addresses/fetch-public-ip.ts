// Asks `ip_api_url` for this machine's public address over one IP family, like the Go client's myip
// package: GET, 2 s timeout, answer `{"ip":"…"}`, and the same request headers: no User-Agent (myip sets
// it to "", and net/http then leaves the header out) and `Accept-Encoding: gzip` (net/http's transport
// asks for gzip itself and unpacks the answer), nothing else beside Host.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export const IP_API_TIMEOUT_MS = 2000;
const MAX_BODY = 64 * 1024;

export function fetchPublicIp(apiUrl: string, family: 4 | 6, timeoutMs = IP_API_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch (error) {
      reject(new Error(`request to ${apiUrl} failed: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    // Node ignores `family` for an address literal; Go's tcp4/tcp6 dialer refuses the other family.
    const literal = isIP(url.hostname.replace(/^\[|\]$/g, ''));
    if (literal !== 0 && literal !== family) {
      reject(new Error(`request to ${apiUrl} failed: ${url.hostname} is not an IPv${family} address`));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    // One deadline for the whole exchange, as Go's http.Client.Timeout.
    const deadline = setTimeout(
      () => request.destroy(new Error(`request to ${apiUrl} failed: timeout after ${timeoutMs}ms`)),
      timeoutMs,
    );
    const request = client.get(url, { family, agent: false, headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const gzipped = String(response.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
      const body: Readable = gzipped ? response.pipe(createGunzip()) : response;
      if (gzipped)
        body.on('error', (error) => {
          clearTimeout(deadline);
          reject(new Error(`invalid answer from ${apiUrl}: ${error.message}`));
        });
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      body.on('end', () => {
        clearTimeout(deadline);
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) {
          reject(new Error(`request to ${apiUrl} failed with status ${response.statusCode}: ${text.slice(0, 200)}`));
          return;
        }
        try {
          const parsed = JSON.parse(text) as { ip?: unknown };
          resolve(typeof parsed.ip === 'string' ? parsed.ip : '');
        } catch (error) {
          reject(new Error(`invalid answer from ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
      response.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
  });
}
