// Who may talk to the web UI. A page on any other site, a DNS-rebinding page that resolves its own name
// to 127.0.0.1, or another local user without the token must all be refused:
// - Host must be this server's loopback address and port (a rebinding page sends its own name);
// - Origin, when a browser sends one, must be this server's origin;
// - the random token must come with the request: in the printed URL once (then an HttpOnly, SameSite
//   cookie), or as `Authorization: Bearer` / `?token=` for non-browser clients.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostWithPort } from './listen-address';

export type GuardVerdict =
  { ok: true; via: 'cookie' | 'query' | 'bearer' } | { ok: false; status: 401 | 403; reason: string };

export interface GuardOptions {
  token: string;
  host: string;
  port: number;
}

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export class RequestGuard {
  readonly allowedHosts: ReadonlySet<string>;
  readonly allowedOrigins: ReadonlySet<string>;
  /** Cookies are not port-scoped: the name carries the port so two instances do not clash. */
  readonly cookieName: string;
  private readonly tokenDigest: Buffer;

  constructor(options: GuardOptions) {
    const hosts = new Set([hostWithPort(options.host, options.port)]);
    hosts.add(`localhost:${options.port}`);
    this.allowedHosts = hosts;
    this.allowedOrigins = new Set([...hosts].map((h) => `http://${h}`));
    this.cookieName = `rport_tray_ui_${options.port}`;
    this.tokenDigest = digest(options.token);
  }

  /** Checks Host, Origin and the token, in that order. */
  check(req: IncomingMessage): GuardVerdict {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!this.allowedHosts.has(host)) {
      return { ok: false, status: 403, reason: `Host ${JSON.stringify(host)} is not this server` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.allowedOrigins.has(origin.toLowerCase())) {
      return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin)} is not allowed` };
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const query = url.searchParams.get('token');
    if (query !== null && this.matches(query)) return { ok: true, via: 'query' };
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && this.matches(auth.slice('Bearer '.length).trim()))
      return { ok: true, via: 'bearer' };
    const cookie = readCookie(req.headers.cookie, this.cookieName);
    if (cookie !== null && this.matches(cookie)) return { ok: true, via: 'cookie' };
    return { ok: false, status: 401, reason: 'the token is missing or wrong: open the URL printed at start-up' };
  }

  /** The cookie that carries the token after the first visit. */
  sessionCookie(token: string): string {
    return `${this.cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  matches(candidate: string): boolean {
    // Hashing first gives equal lengths, so the comparison time says nothing about the token.
    return timingSafeEqual(digest(candidate), this.tokenDigest);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
