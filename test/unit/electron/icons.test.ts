// The committed icons are what scripts/make-icons.ts makes from build/icon-source.svg, every file the
// tray can ask for exists, and the six tray states differ in SHAPE (alpha), not only in colour.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { generateIcons } from '../../../scripts/make-icons';
import { TRAY_STATES } from '../../../main/electron/tray/tray-state';
import { allTrayIconFiles } from '../../../main/electron/tray/tray-icon-file';

const BUILD = path.resolve('build');
const alpha = (file: string) => {
  const png = PNG.sync.read(fs.readFileSync(path.join(BUILD, file)));
  const a = new Uint8Array(png.width * png.height);
  for (let i = 0; i < a.length; i++) a[i] = png.data[i * 4 + 3]!;
  return { width: png.width, height: png.height, a, data: png.data };
};

describe('generated icons', () => {
  it('are up to date with the source (run `node --import tsx scripts/make-icons.ts` after editing it)', async () => {
    const files = await generateIcons();
    expect(files.size).toBeGreaterThan(70);
    for (const [name, data] of files) {
      const committed = path.join(BUILD, name);
      expect(fs.existsSync(committed), `${name} is missing`).toBe(true);
      expect(fs.readFileSync(committed).equals(data), `${name} is stale`).toBe(true);
    }
  });

  it('hold every tray file the app can choose, at the sizes each platform wants', () => {
    for (const file of allTrayIconFiles(TRAY_STATES)) {
      expect(fs.existsSync(path.join(BUILD, 'tray', file)), file).toBe(true);
    }
    expect(alpha('tray/pausedTemplate.png').width).toBe(16);
    expect(alpha('tray/pausedTemplate@2x.png').width).toBe(32);
    expect(alpha('tray/paused-color.png').width).toBe(32);
    const ico = fs.readFileSync(path.join(BUILD, 'tray/paused-color.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBe(7); // 16, 20, 24, 32, 40, 48, 64
    const appIco = fs.readFileSync(path.join(BUILD, 'icon.ico'));
    expect(appIco.readUInt16LE(4)).toBe(7);
    const icns = fs.readFileSync(path.join(BUILD, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(alpha('icon.png').width).toBe(1024);
    expect(alpha('icons/512x512.png').width).toBe(512);
  });

  it('tell the six states apart by shape in the monochrome and template images', () => {
    for (const pick of [(s: string) => `tray/${s}Template.png`, (s: string) => `tray/${s}-white.png`]) {
      const shapes = TRAY_STATES.map((s) => alpha(pick(s)).a);
      for (let i = 0; i < shapes.length; i++) {
        for (let j = i + 1; j < shapes.length; j++) {
          let differing = 0;
          for (let p = 0; p < shapes[i]!.length; p++) if (Math.abs(shapes[i]![p]! - shapes[j]![p]!) > 96) differing++;
          // At least 3% of the pixels (8 at 16×16, most of a badge symbol): a different badge or fill, not noise.
          expect(differing / shapes[i]!.length, `${TRAY_STATES[i]} vs ${TRAY_STATES[j]}`).toBeGreaterThan(0.03);
        }
      }
    }
  });

  it('make templates pure black with alpha, as macOS expects', () => {
    for (const state of TRAY_STATES) {
      const { data } = alpha(`tray/${state}Template@2x.png`);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0) expect(data[i]! + data[i + 1]! + data[i + 2]!).toBe(0);
      }
    }
  });
});
