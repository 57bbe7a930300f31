// The app:// scheme that serves dist/renderer. Registered as standard + secure so the page gets a real
// origin (for the CSP's 'self' and the IPC sender check) and can load its module scripts.

import type { CustomScheme } from 'electron';
import fs from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';
import { mimeTypeOf, rendererFileFor } from './renderer-files';
import { APP_SCHEME } from './renderer-origin';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // Not corsEnabled: that privilege lets OTHER origins read the scheme's responses (electron#52912). Our
  // module scripts are same-origin, which a standard scheme allows without it.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const BASE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface ProtocolRequest {
  url: string;
  method: string;
}

export function createAppProtocolHandler(
  rootDir: string,
  readFile: (file: string) => Promise<Uint8Array> = (file) => fs.readFile(file),
): (request: ProtocolRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: BASE_HEADERS });
    }
    const file = rendererFileFor(rootDir, request.url);
    if (!file) return new Response('forbidden', { status: 403, headers: BASE_HEADERS });
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return new Response('not found', { status: 404, headers: BASE_HEADERS });
    }
    return new Response(request.method === 'HEAD' ? null : Buffer.from(body), {
      status: 200,
      headers: { ...BASE_HEADERS, 'Content-Type': mimeTypeOf(file) },
    });
  };
}
