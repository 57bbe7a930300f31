// `ip_addresses` (§5.3, since 0.9.13): when `ip_api_url` is set and the server announced
// IPAddressesVersion>0, ask the API for the public IPv4 and IPv6 address every `ip_refresh_min` minutes
// and send them when they changed since the last send (remembered across reconnects, as in Go).
import type { FeatureContext, ServerSession, SessionFeature } from '../../server-session';
import { GO_ZERO_TIME } from '../shared/go-time';
import { fetchPublicIp } from './fetch-public-ip';

export interface IpAddressesPayload {
  ipv4: string;
  ipv6: string;
  updated_at: string;
  error: string;
}

export interface IpAddressesOptions {
  /** Overrides `ip_refresh_min` (ms); for tests. */
  intervalMs?: number;
  fetch?: (url: string, family: 4 | 6) => Promise<string>;
}

export function createIpAddressesSessionFeature(options: IpAddressesOptions = {}): SessionFeature {
  const fetchIp = options.fetch ?? ((url: string, family: 4 | 6) => fetchPublicIp(url, family));
  let lastSent: { ipv4: string; ipv6: string } = { ipv4: '', ipv6: '' };

  const check = async (session: ServerSession, context: FeatureContext, url: string): Promise<void> => {
    const errors: string[] = [];
    const lookup = async (family: 4 | 6): Promise<string> => {
      try {
        return await fetchIp(url, family);
      } catch (error) {
        errors.push(`IPv${family}: ${error instanceof Error ? error.message : String(error)}`);
        return '';
      }
    };
    const [ipv4, ipv6] = await Promise.all([lookup(4), lookup(6)]);
    if (errors.length > 0) context.log('debug', `Failed to determine IP addresses: ${errors.join('; ')}`);
    if (ipv4 === lastSent.ipv4 && ipv6 === lastSent.ipv6) return;
    if (session.closed) return;
    const payload: IpAddressesPayload = { ipv4, ipv6, updated_at: GO_ZERO_TIME, error: errors.join('; ') };
    context.log('info', `external IP addresses changed: '${ipv4}','${ipv6}'`);
    session.notify('ip_addresses', Buffer.from(JSON.stringify(payload)));
    lastSent = { ipv4, ipv6 };
  };

  return {
    name: 'ip-addresses',
    start(session, context) {
      let timer: NodeJS.Timeout | null = null;
      let stopped = false;
      return {
        capabilities(capabilities) {
          const url = context.config.client.ip_api_url;
          if (url === '' || (capabilities.IPAddressesVersion ?? 0) <= 0 || timer !== null || stopped) return;
          const every = options.intervalMs ?? context.config.client.ip_refresh_min * 60_000;
          context.log('info', `Will fetch external IP addresses every ${Math.round(every / 60_000)} min from '${url}'`);
          const loop = async (): Promise<void> => {
            await check(session, context, url);
            if (stopped || every <= 0) return;
            timer = setTimeout(() => void loop(), every);
            timer.unref();
          };
          timer = setTimeout(() => void loop(), 0);
          timer.unref();
        },
        stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
        },
      };
    },
  };
}
