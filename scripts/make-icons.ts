// Generates every icon the app and its installers use from ONE source, build/icon-source.svg:
//   build/icon.png (1024), build/icons/<N>x<N>.png   app icon: Linux packages and the window icon
//   build/icon.ico                                     app icon: Windows installer and exe
//   build/icon.icns                                    app icon: macOS bundle
//   build/tray/<state>…                                tray icons, one set per state (tray-icon-file.ts)
// The output is committed, so packaging needs no rasterizer; test/unit/electron/icons.test.ts fails when
// it no longer matches this script and the source. Run: `node --import tsx scripts/make-icons.ts`.

import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAY_STATES, type TrayState } from '../main/electron/tray/tray-state';
import type { TrayVariant } from '../main/electron/tray/tray-icon-file';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SOURCE = path.join(ROOT, 'build/icon-source.svg');

const APP_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64];
// ICNS element types holding PNG data, by pixel size (Apple's icns types; the @2x ones double up).
const ICNS_TYPES: Array<[string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 512],
  ['ic14', 1024],
];

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

// ---------------------------------------------------------------------------------------------------
// Tray: the source's glyph, solid when connected and hollow otherwise, plus a badge per state.

const CANVAS = 32;
const BADGE = { cx: 23, cy: 23, r: 9, gap: 2 };
const PAD = 2;

type Symbol = 'ellipsis' | 'down-arrow' | 'circle-arrow' | 'pause' | 'cross';

interface StateLook {
  solid: boolean;
  badge: Symbol | null;
  color: string;
}

// Shape first: solid vs hollow tells connected from not; the badge tells which state. Colour is extra.
const LOOKS: Record<TrayState, StateLook> = {
  'connected-primary': { solid: true, badge: null, color: '#2da44e' },
  'connected-fallback': { solid: true, badge: 'down-arrow', color: '#d4a72c' },
  starting: { solid: false, badge: 'ellipsis', color: '#8c959f' },
  reconnecting: { solid: false, badge: 'circle-arrow', color: '#4493f8' },
  paused: { solid: false, badge: 'pause', color: '#8c959f' },
  failed: { solid: false, badge: 'cross', color: '#e5534b' },
};

/** Badge symbols around (0,0), drawn in `ink`, for a badge of radius 8 (scaled to BADGE.r). */
function symbolSvg(symbol: Symbol, ink: string): string {
  const stroke = (width: number) =>
    `fill="none" stroke="${ink}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`;
  switch (symbol) {
    case 'ellipsis':
      return [-4, 0, 4].map((x) => `<circle cx="${x}" cy="0" r="1.7" fill="${ink}"/>`).join('');
    case 'down-arrow':
      return `<path d="M0 -4.6 V3.6 M-3.6 0.2 L0 3.8 L3.6 0.2" ${stroke(2.4)}/>`;
    case 'circle-arrow':
      return (
        `<path d="M4 0 A4 4 0 1 1 0 -4" ${stroke(2.2)}/>` + `<path d="M-0.6 -7 L3.6 -4 L-0.6 -1 Z" fill="${ink}"/>`
      );
    case 'pause':
      return `<rect x="-3.9" y="-4.2" width="2.8" height="8.4" rx="0.6" fill="${ink}"/><rect x="1.1" y="-4.2" width="2.8" height="8.4" rx="0.6" fill="${ink}"/>`;
    case 'cross':
      return `<path d="M-3.4 -3.4 L3.4 3.4 M3.4 -3.4 L-3.4 3.4" ${stroke(2.6)}/>`;
  }
}

interface GlyphBox {
  d: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export function glyphFromSource(svg: string): GlyphBox {
  const match = /<path\s+id="glyph"[^>]*?\sd="([^"]+)"/s.exec(svg);
  if (!match?.[1]) throw new Error(`${SOURCE}: no <path id="glyph" d="…"> found`);
  const d = match[1];
  // The glyph is drawn with absolute M/H/V/Q/Z commands; its box is the range of their coordinates.
  const xs: number[] = [];
  const ys: number[] = [];
  let cx = 0;
  let cy = 0;
  for (const [, cmd, args] of d.matchAll(/([MHVQLZ])([^MHVQLZ]*)/gi)) {
    const n = (args ?? '')
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (cmd === 'H') n.forEach((x) => xs.push((cx = x)));
    else if (cmd === 'V') n.forEach((y) => ys.push((cy = y)));
    else
      for (let i = 0; i + 1 < n.length; i += 2) {
        xs.push((cx = n[i]!));
        ys.push((cy = n[i + 1]!));
      }
  }
  void cx;
  void cy;
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { d, x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

export function traySvg(glyph: GlyphBox, state: TrayState, variant: TrayVariant): string {
  const look = LOOKS[state];
  const ink = variant === 'color' ? look.color : variant === 'white' ? '#ffffff' : '#000000';
  const strokeWidth = 3;
  const inset = look.solid ? 0 : strokeWidth / 2;
  const avail = CANVAS - 2 * PAD - 2 * inset;
  const s = Math.min(avail / glyph.w, avail / glyph.h);
  const tx = (CANVAS - glyph.w * s) / 2 - glyph.x * s;
  const ty = (CANVAS - glyph.h * s) / 2 - glyph.y * s;
  const paint = look.solid
    ? `fill="${ink}"`
    : `fill="none" stroke="${ink}" stroke-width="${strokeWidth / s}" stroke-linejoin="round"`;
  const { cx, cy, r, gap } = BADGE;
  const k = r / 8;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CANVAS}" height="${CANVAS}" viewBox="0 0 ${CANVAS} ${CANVAS}">`,
    '<defs>',
    `<mask id="cut"><rect width="${CANVAS}" height="${CANVAS}" fill="#fff"/>`,
    look.badge ? `<circle cx="${cx}" cy="${cy}" r="${r + gap}" fill="#000"/>` : '',
    '</mask>',
    '</defs>',
    `<g mask="url(#cut)"><path transform="translate(${tx} ${ty}) scale(${s})" d="${glyph.d}" ${paint}/></g>`,
  ];
  if (look.badge) {
    // Colour: a white symbol on a coloured disc. Monochrome (and macOS templates): the bare symbol, larger,
    // in the ink colour; a disc with a cut-out symbol loses too much detail at 16 px.
    parts.push(
      variant === 'color'
        ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${ink}"/><g transform="translate(${cx} ${cy}) scale(${k})">${symbolSvg(look.badge, '#ffffff')}</g>`
        : `<g transform="translate(${cx} ${cy}) scale(${k * 1.15})">${symbolSvg(look.badge, ink)}</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------
// App icon containers

function icns(pngBySize: (size: number) => Buffer): Buffer {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const data = pngBySize(size);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([header, data]);
  });
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}

/** Every generated file, relative to build/, with its bytes. */
export async function generateIcons(): Promise<Map<string, Buffer>> {
  const source = fs.readFileSync(SOURCE, 'utf8');
  const files = new Map<string, Buffer>();
  const cache = new Map<number, Buffer>();
  const app = (size: number) => {
    if (!cache.has(size)) cache.set(size, render(source, size));
    return cache.get(size)!;
  };

  files.set('icon.png', app(1024));
  for (const size of APP_PNG_SIZES) files.set(`icons/${size}x${size}.png`, app(size));
  files.set('icon.ico', await pngToIco(APP_ICO_SIZES.map(app)));
  files.set('icon.icns', icns(app));

  const glyph = glyphFromSource(source);
  for (const state of TRAY_STATES) {
    const black = traySvg(glyph, state, 'black');
    files.set(`tray/${state}Template.png`, render(black, 16));
    files.set(`tray/${state}Template@2x.png`, render(black, 32));
    for (const variant of ['color', 'white', 'black'] as const) {
      const svg = traySvg(glyph, state, variant);
      files.set(`tray/${state}-${variant}.png`, render(svg, 32));
      files.set(`tray/${state}-${variant}@2x.png`, render(svg, 64));
      files.set(`tray/${state}-${variant}.ico`, await pngToIco(TRAY_ICO_SIZES.map((n) => render(svg, n))));
    }
  }
  return files;
}

async function main(): Promise<void> {
  const buildDir = path.join(ROOT, 'build');
  const files = await generateIcons();
  for (const [name, data] of files) {
    const file = path.join(buildDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
  console.log(`make-icons: wrote ${files.size} files under build/ from build/icon-source.svg`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
