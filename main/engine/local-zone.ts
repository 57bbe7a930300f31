// The local time zone's abbreviation (`CET`, `EDT`, `-03`) the way the Go client gets it for `Timezone`
// in `new_connection` (docs/protocol.md §3.2): from the tzdata file of the local zone (TZif, RFC 8536),
// found as Go's time package finds it on Unix: `TZ` unset → /etc/localtime; `TZ=""` or `UTC` → UTC;
// `TZ=/path` or `TZ=:/path` → that file; `TZ=Area/City` → $ZONEINFO, then /usr/share/zoneinfo and Go's
// other folders. Reading the file costs a few KiB; asking ICU through Intl.DateTimeFormat for the zone
// name instead maps about 8 MiB of ICU data into the engine process (see README "Memory").
// Returns null on Windows (no TZif files) and where the zone does not name the current offset: the
// caller then asks Intl.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Go's platformZoneSources (time/zoneinfo_unix.go). */
const ZONE_DIRS = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo'];

export interface ZoneType {
  /** Seconds east of UTC. */
  utoff: number;
  isDst: boolean;
  abbreviation: string;
}

export interface TzifZone {
  /** Transition times (Unix seconds, ascending) and the index into `types` each starts. */
  transitions: number[];
  transitionTypes: number[];
  types: ZoneType[];
  /** The POSIX TZ footer of version 2+ files (the rule after the last transition), or ''. */
  footer: string;
}

export class TzifError extends Error {}

/** Parses a TZif file (versions 1 to 4); for version 2+ the 64-bit block and the footer. */
export function parseTzif(data: Buffer): TzifZone {
  const header = (at: number) => {
    if (data.length < at + 44 || data.toString('latin1', at, at + 4) !== 'TZif') throw new TzifError('not a TZif file');
    const count = (i: number): number => data.readUInt32BE(at + 20 + 4 * i);
    return {
      version: data[at + 4] ?? 0,
      isutcnt: count(0),
      isstdcnt: count(1),
      leapcnt: count(2),
      timecnt: count(3),
      typecnt: count(4),
      charcnt: count(5),
    };
  };
  const v1 = header(0);
  const blockLength = (h: ReturnType<typeof header>, timeSize: number): number =>
    h.timecnt * timeSize + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  let at = 0;
  let h = v1;
  let timeSize = 4;
  if (v1.version >= 0x32 /* '2' */) {
    at = 44 + blockLength(v1, 4);
    h = header(at);
    timeSize = 8;
  }
  let p = at + 44;
  if (data.length < p + blockLength(h, timeSize)) throw new TzifError('truncated TZif file');
  const transitions: number[] = [];
  for (let i = 0; i < h.timecnt; i++, p += timeSize) {
    transitions.push(timeSize === 8 ? Number(data.readBigInt64BE(p)) : data.readInt32BE(p));
  }
  const transitionTypes = [...data.subarray(p, p + h.timecnt)];
  p += h.timecnt;
  const raw: Array<{ utoff: number; isDst: boolean; index: number }> = [];
  for (let i = 0; i < h.typecnt; i++, p += 6) {
    raw.push({ utoff: data.readInt32BE(p), isDst: data[p + 4] === 1, index: data[p + 5] ?? 0 });
  }
  const chars = data.subarray(p, p + h.charcnt);
  const types = raw.map(({ utoff, isDst, index }) => {
    const end = chars.indexOf(0, index);
    return { utoff, isDst, abbreviation: chars.toString('latin1', index, end === -1 ? chars.length : end) };
  });
  if (transitionTypes.some((t) => t >= types.length)) throw new TzifError('transition to an unknown type');
  p += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  let footer = '';
  if (timeSize === 8 && data[p] === 0x0a) {
    const end = data.indexOf(0x0a, p + 1);
    if (end !== -1) footer = data.toString('latin1', p + 1, end);
  }
  return { transitions, transitionTypes, types, footer };
}

/** Names and offsets (seconds east of UTC) of a POSIX TZ string, e.g. `CET-1CEST,M3.5.0,M10.5.0/3`. */
export function posixZoneNames(tz: string): { std: ZoneType; dst: ZoneType | null } | null {
  const m =
    /^(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,2}(?::\d{1,2}){0,2})(?:(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,2}(?::\d{1,2}){0,2})?)?(?:,|$)/.exec(
      tz,
    );
  if (!m?.[1] || !m[2]) return null;
  const name = (text: string): string => text.replace(/^<(.*)>$/, '$1');
  // POSIX offsets are west of UTC: CET-1 is UTC+1.
  const seconds = (text: string): number => {
    const sign = text.startsWith('-') ? -1 : 1;
    const [h = 0, mi = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
    return -sign * (h * 3600 + mi * 60 + s);
  };
  const std: ZoneType = { utoff: seconds(m[2]), isDst: false, abbreviation: name(m[1]) };
  if (!m[3]) return { std, dst: null };
  const dstOffset = m[4] ? seconds(m[4]) : std.utoff + 3600;
  return { std, dst: { utoff: dstOffset, isDst: true, abbreviation: name(m[3]) } };
}

/**
 * The abbreviation in effect at `date`, given the current offset (minutes east of UTC, from the same
 * clock the rest of the request uses): the type of the last transition before `date` when its offset
 * matches, else the footer's rule names, else the newest type with that offset; null when none has it.
 */
export function zoneAbbreviationAt(zone: TzifZone, date: Date, offsetMinutes: number): string | null {
  const utoff = offsetMinutes * 60;
  const seconds = Math.floor(date.getTime() / 1000);
  let last = -1;
  for (let i = 0; i < zone.transitions.length && (zone.transitions[i] ?? Infinity) <= seconds; i++) last = i;
  const current = last >= 0 ? zone.types[zone.transitionTypes[last] ?? -1] : undefined;
  const afterLast = last === zone.transitions.length - 1 && zone.footer !== '';
  if (current && current.utoff === utoff && !afterLast) return current.abbreviation;
  const rule = zone.footer ? posixZoneNames(zone.footer) : null;
  for (const type of [rule?.std, rule?.dst, current]) if (type && type.utoff === utoff) return type.abbreviation;
  for (let i = zone.transitionTypes.length - 1; i >= 0; i--) {
    const type = zone.types[zone.transitionTypes[i] ?? -1];
    if (type && type.utoff === utoff) return type.abbreviation;
  }
  const only = zone.types.length === 1 ? zone.types[0] : undefined;
  return only && only.utoff === utoff ? only.abbreviation : null;
}

/**
 * The TZif file Go's time package would load for the local zone, or 'UTC' where Go falls back to UTC (no
 * such file, `TZ=""`, `TZ=UTC`).
 */
export function localZoneSource(env: NodeJS.ProcessEnv, isFile: (file: string) => boolean): string | 'UTC' {
  const tz = env.TZ;
  if (tz === undefined) return isFile('/etc/localtime') ? '/etc/localtime' : 'UTC';
  const name = tz.startsWith(':') ? tz.slice(1) : tz;
  if (name === '' || name === 'UTC') return 'UTC';
  if (name.startsWith('/')) return isFile(name) ? name : 'UTC';
  // A name that climbs out of the zone folders is not a zone name.
  if (name.split('/').includes('..')) return 'UTC';
  const dirs = env.ZONEINFO ? [env.ZONEINFO, ...ZONE_DIRS] : ZONE_DIRS;
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (isFile(file)) return file;
  }
  return 'UTC';
}

const cache = new Map<string, TzifZone | 'UTC' | null>();

function loadLocalZone(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): TzifZone | 'UTC' | null {
  // Windows keeps its zones in the registry, not in TZif files.
  if (platform === 'win32') return null;
  const key = env.TZ === undefined ? '\0unset' : env.TZ;
  if (cache.has(key)) return cache.get(key) ?? null;
  let zone: TzifZone | 'UTC' | null = null;
  try {
    const source = localZoneSource(env, (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
    zone = source === 'UTC' ? source : parseTzif(readFileSync(source));
  } catch {
    zone = null;
  }
  // Read once per process, as Go loads time.Local once.
  cache.set(key, zone);
  return zone;
}

/** The local zone's abbreviation at `date` from tzdata, or null when tzdata cannot tell (ask Intl then). */
export function localZoneAbbreviation(
  date: Date,
  offsetMinutes: number,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const zone = loadLocalZone(env, platform);
  if (zone === null) return null;
  if (zone === 'UTC') return offsetMinutes === 0 ? 'UTC' : null;
  return zoneAbbreviationAt(zone, date, offsetMinutes);
}
