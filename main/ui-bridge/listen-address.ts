// The `--ui HOST:PORT` address. The web UI controls the client (pause, config with its secrets), so it
// listens on loopback only: anything else is refused with a clear error rather than silently rebound.
import { isIP } from 'node:net';

export interface ListenAddress {
  /** The address to bind (`127.0.0.1`, `::1`, ...). */
  host: string;
  /** 0 = pick a free port. */
  port: number;
}

export class ListenAddressError extends Error {
  override name = 'ListenAddressError';
}

export function parseListenAddress(value: string): ListenAddress {
  const text = value.trim();
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!match) {
    throw new ListenAddressError(
      `--ui ${JSON.stringify(value)}: expected HOST:PORT, e.g. 127.0.0.1:7700 or [::1]:7700`,
    );
  }
  const host = (match[1] ?? match[2] ?? '').toLowerCase();
  const port = Number(match[3]);
  if (port > 65535) throw new ListenAddressError(`--ui ${JSON.stringify(value)}: port ${port} is out of range`);
  const bindHost = host === 'localhost' ? '127.0.0.1' : host;
  if (!isLoopbackAddress(bindHost)) {
    throw new ListenAddressError(
      `--ui ${JSON.stringify(value)}: the web UI listens on loopback only (127.0.0.1 or ::1); ${host} is not a loopback address`,
    );
  }
  return { host: bindHost, port };
}

export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) {
    const lower = bare.toLowerCase();
    return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  }
  return false;
}

/** `127.0.0.1:7700` or `[::1]:7700`, as it appears in a URL and a Host header. */
export function hostWithPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The web UI could not listen: names the address and what to do, for the terminal. */
export class WebUiListenError extends Error {
  override name = 'WebUiListenError';
  constructor(
    readonly address: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function webUiListenError(host: string, port: number, err: unknown): WebUiListenError {
  const address = hostWithPort(host, port);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'EADDRINUSE'
      ? 'the address is already in use (by another program, or another rport-tray run --ui): choose another ' +
        `port, or --ui ${hostWithPort(host, 0)} for any free one`
      : code === 'EACCES'
        ? 'permission denied (ports below 1024 need privileges): choose a port from 1024 up'
        : code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address'
          : err instanceof Error
            ? err.message
            : String(err);
  return new WebUiListenError(address, code, `the web UI cannot listen on ${address}: ${why}`);
}
