// `net_lan` / `net_wan` of save_measurement: bytes per second in and out of the configured network
// card since the previous measurement (0 on the first one), rounded up as the Go client does. Linux
// reads /proc/net/dev; other systems report zeros (not measured there yet).
import { readFile } from 'node:fs/promises';

export interface NetCounters {
  rx: number;
  tx: number;
}

export function parseProcNetDev(text: string): Map<string, NetCounters> {
  const result = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (fields.length < 9) continue;
    result.set(name, { rx: fields[0] ?? 0, tx: fields[8] ?? 0 });
  }
  return result;
}

export async function readNetCounters(platform: NodeJS.Platform): Promise<Map<string, NetCounters>> {
  if (platform !== 'linux') return new Map();
  return parseProcNetDev(await readFile('/proc/net/dev', 'utf8'));
}

export function netRate(
  previous: NetCounters | undefined,
  current: NetCounters | undefined,
  seconds: number | null,
): { in: number; out: number } {
  if (!previous || !current || !seconds || seconds <= 0) return { in: 0, out: 0 };
  return {
    in: Math.max(0, Math.ceil((current.rx - previous.rx) / seconds)),
    out: Math.max(0, Math.ceil((current.tx - previous.tx) / seconds)),
  };
}
