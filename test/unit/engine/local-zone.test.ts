import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  localZoneAbbreviation,
  localZoneSource,
  parseTzif,
  posixZoneNames,
  TzifError,
  zoneAbbreviationAt,
} from '../../../main/engine/local-zone';
import { goTimezone } from '../../../main/engine/system-info';

/** A TZif v2 file (RFC 8536) with a dummy v1 block, the 64-bit block and the footer. */
function tzif(
  transitions: Array<[number, number]>,
  types: Array<[number, boolean, string]>,
  footer: string,
  version = '2',
): Buffer {
  const chars: string[] = [];
  const index = types.map(([, , name]) => {
    const at = chars.join('').length;
    chars.push(`${name}\0`);
    return at;
  });
  const charBytes = Buffer.from(chars.join(''), 'latin1');
  const header = (timecnt: number, typecnt: number, charcnt: number): Buffer => {
    const h = Buffer.alloc(44);
    h.write('TZif', 0, 'latin1');
    h.write(version, 4, 'latin1');
    h.writeUInt32BE(timecnt, 32);
    h.writeUInt32BE(typecnt, 36);
    h.writeUInt32BE(charcnt, 40);
    return h;
  };
  const v1 = Buffer.concat([header(0, 1, 1), Buffer.from([0, 0, 0, 0, 0, 0]), Buffer.from([0])]);
  const times = Buffer.alloc(transitions.length * 8);
  transitions.forEach(([t], i) => times.writeBigInt64BE(BigInt(t), i * 8));
  const typeIndex = Buffer.from(transitions.map(([, type]) => type));
  const ttinfo = Buffer.alloc(types.length * 6);
  types.forEach(([utoff, dst], i) => {
    ttinfo.writeInt32BE(utoff, i * 6);
    ttinfo[i * 6 + 4] = dst ? 1 : 0;
    ttinfo[i * 6 + 5] = index[i] ?? 0;
  });
  return Buffer.concat([
    v1,
    header(transitions.length, types.length, charBytes.length),
    times,
    typeIndex,
    ttinfo,
    charBytes,
    Buffer.from(`\n${footer}\n`, 'latin1'),
  ]);
}

const at = (iso: string): Date => new Date(iso);
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

// Berlin-like: CET/CEST transitions in 2025, then the rule in the footer.
const berlin = tzif(
  [
    [seconds('2025-03-30T01:00:00Z'), 1],
    [seconds('2025-10-26T01:00:00Z'), 0],
  ],
  [
    [3600, false, 'CET'],
    [7200, true, 'CEST'],
  ],
  'CET-1CEST,M3.5.0,M10.5.0/3',
);

describe('the local zone abbreviation from tzdata (Go: time.Local, MST layout)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses a TZif v2 file: transitions, types with their abbreviations, the footer', () => {
    const zone = parseTzif(berlin);
    expect(zone.transitions).toEqual([seconds('2025-03-30T01:00:00Z'), seconds('2025-10-26T01:00:00Z')]);
    expect(zone.transitionTypes).toEqual([1, 0]);
    expect(zone.types).toEqual([
      { utoff: 3600, isDst: false, abbreviation: 'CET' },
      { utoff: 7200, isDst: true, abbreviation: 'CEST' },
    ]);
    expect(zone.footer).toBe('CET-1CEST,M3.5.0,M10.5.0/3');
    expect(() => parseTzif(Buffer.from('not a zone file, not at all, no header here ...'))).toThrow(TzifError);
    expect(() => parseTzif(berlin.subarray(0, 80))).toThrow(TzifError);
  });

  it('names the type in effect, the footer rule after the last transition, null for an offset it lacks', () => {
    const zone = parseTzif(berlin);
    expect(zoneAbbreviationAt(zone, at('2025-07-01T12:00:00Z'), 120)).toBe('CEST');
    expect(zoneAbbreviationAt(zone, at('2025-12-01T12:00:00Z'), 60)).toBe('CET');
    // After the last transition: the footer's rule (std or dst by the current offset).
    expect(zoneAbbreviationAt(zone, at('2030-07-01T12:00:00Z'), 120)).toBe('CEST');
    expect(zoneAbbreviationAt(zone, at('2030-01-01T12:00:00Z'), 60)).toBe('CET');
    expect(zoneAbbreviationAt(zone, at('2030-01-01T12:00:00Z'), 330)).toBeNull();
    // Before the first transition, the newest type with the offset.
    expect(zoneAbbreviationAt(zone, at('2020-01-01T12:00:00Z'), 60)).toBe('CET');
  });

  it('reads POSIX TZ footers: quoted names, minutes, a DST part with and without its offset', () => {
    expect(posixZoneNames('CET-1CEST,M3.5.0,M10.5.0/3')).toEqual({
      std: { utoff: 3600, isDst: false, abbreviation: 'CET' },
      dst: { utoff: 7200, isDst: true, abbreviation: 'CEST' },
    });
    expect(posixZoneNames('<-03>3')).toEqual({ std: { utoff: -10800, isDst: false, abbreviation: '-03' }, dst: null });
    expect(posixZoneNames('IST-5:30')?.std).toEqual({ utoff: 19800, isDst: false, abbreviation: 'IST' });
    expect(posixZoneNames('<+1030>-10:30<+11>-11,M10.1.0,M4.1.0')?.dst).toEqual({
      utoff: 39600,
      isDst: true,
      abbreviation: '+11',
    });
    expect(posixZoneNames('')).toBeNull();
  });

  it('finds the zone file as Go does: TZ unset, empty, UTC, a path, a name in the zone folders, else UTC', () => {
    const files = new Set(['/etc/localtime', '/usr/share/zoneinfo/Europe/Berlin', '/zones/Europe/Berlin', '/my/zone']);
    const isFile = (f: string): boolean => files.has(f);
    expect(localZoneSource({}, isFile)).toBe('/etc/localtime');
    expect(localZoneSource({}, () => false)).toBe('UTC');
    expect(localZoneSource({ TZ: '' }, isFile)).toBe('UTC');
    expect(localZoneSource({ TZ: 'UTC' }, isFile)).toBe('UTC');
    expect(localZoneSource({ TZ: ':/my/zone' }, isFile)).toBe('/my/zone');
    expect(localZoneSource({ TZ: 'Europe/Berlin' }, isFile)).toBe('/usr/share/zoneinfo/Europe/Berlin');
    expect(localZoneSource({ TZ: 'Europe/Berlin', ZONEINFO: '/zones' }, isFile)).toBe('/zones/Europe/Berlin');
    expect(localZoneSource({ TZ: '../../etc/localtime' }, isFile)).toBe('UTC');
    expect(localZoneSource({ TZ: 'Nowhere/Zone' }, isFile)).toBe('UTC');
  });

  it.skipIf(!existsSync('/usr/share/zoneinfo/Europe/Berlin'))(
    "names real zones as Go does (tzdata's own abbreviations, numeric ones included)",
    () => {
      const name = (tz: string, iso: string, offset: number): string | null =>
        localZoneAbbreviation(at(iso), offset, { TZ: tz }, 'linux');
      expect(name('Europe/Berlin', '2026-01-15T12:00:00Z', 60)).toBe('CET');
      expect(name('Europe/Berlin', '2026-07-15T12:00:00Z', 120)).toBe('CEST');
      expect(name('America/New_York', '2026-07-15T12:00:00Z', -240)).toBe('EDT');
      expect(name('America/Sao_Paulo', '2026-07-15T12:00:00Z', -180)).toBe('-03');
      expect(name('Asia/Kolkata', '2026-07-15T12:00:00Z', 330)).toBe('IST');
      expect(name('UTC', '2026-07-15T12:00:00Z', 0)).toBe('UTC');
      expect(name('Nowhere/Zone', '2026-07-15T12:00:00Z', 0)).toBe('UTC');
      // Windows has no TZif files: the caller asks Intl.
      expect(localZoneAbbreviation(at('2026-07-15T12:00:00Z'), 0, {}, 'win32')).toBeNull();
      expect(readFileSync('/usr/share/zoneinfo/Europe/Berlin').subarray(0, 4).toString()).toBe('TZif');
    },
  );

  it.skipIf(process.platform !== 'linux' || !existsSync('/etc/localtime'))(
    'goTimezone on Linux takes the name from tzdata and never asks Intl (its zone names cost ~8 MiB of ICU data)',
    () => {
      const intl = vi.spyOn(Intl, 'DateTimeFormat');
      expect(goTimezone(new Date())).toMatch(/^\S+ \(UTC[+-]\d\d:\d\d\)$/);
      expect(intl).not.toHaveBeenCalled();
    },
  );
});
