// Checks a rendered page the way a reviewer would at a glance, but for every element: each visible piece
// of text against the background it really sits on (WCAG 2 contrast, AA: 4.5:1, 3:1 for large text;
// disabled controls are exempt as WCAG allows), and nothing spilling out sideways at a small window size.
import type { Page } from 'playwright-core';

// The little of the DOM these checks use, typed here: the Node test project has no DOM library, and
// these functions run in the page, where it exists.
interface Style {
  color: string;
  backgroundColor: string;
  visibility: string;
  opacity: string;
  fontSize: string;
  fontWeight: string;
}
interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  className: unknown;
  textContent: string | null;
  value?: string;
  parentElement: El | null;
  closest(selector: string): El | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  querySelectorAll(selector: string): Iterable<El>;
}
interface PageGlobals {
  document: {
    documentElement: El & { scrollWidth: number; clientWidth: number };
    body: El;
    querySelector(selector: string): El | null;
    querySelectorAll(selector: string): Iterable<El>;
    createTreeWalker(
      root: El,
      show: number,
    ): { nextNode(): { textContent: string | null; parentElement: El | null } | null };
  };
  getComputedStyle(el: El): Style;
  innerWidth: number;
}
/** NodeFilter.SHOW_TEXT */
const SHOW_TEXT = 4;

export interface ContrastFailure {
  text: string;
  selector: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
}

/** Every text on the page under its contrast minimum (runs in the page). */
export function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate((showText) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m || !m[1]) return [0, 0, 0, 0];
      const parts = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts.length > 3 ? (parts[3] ?? 1) : 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const f = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const backgroundOf = (el: El): Rgba => {
      const layers: Rgba[] = [];
      for (let node: El | null = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let color: Rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (color[3] < 1) color = [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = over(layer, color);
      return color;
    };
    const describe = (el: El): string => {
      const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}${testId ? ` in [${testId}]` : ''}`;
    };
    const failures: ContrastFailure[] = [];
    const candidates = new Set<El>();
    const walker = document.createTreeWalker(document.body, showText);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent?.trim() && node.parentElement) candidates.add(node.parentElement);
    }
    for (const field of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea')) {
      candidates.add(field);
    }
    for (const el of candidates) {
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || style.visibility !== 'visible') continue;
      if (el.closest(':disabled, [aria-disabled="true"], .offscreen, .sr-only, script, style, option')) continue;
      let opacity = 1;
      for (let node: El | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      const background = backgroundOf(el);
      const raw = parse(style.color);
      const color = over([raw[0], raw[1], raw[2], raw[3] * opacity], background);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const r = ratio(color, background);
      if (r < required) {
        failures.push({
          text: (el.textContent || el.value || '').trim().slice(0, 60),
          selector: describe(el),
          ratio: Math.round(r * 100) / 100,
          required,
          color: style.color,
          background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
        });
      }
    }
    return failures;
  }, SHOW_TEXT);
}

/** What spills out sideways: the page itself, or any element wider than the view it is in. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways (${root.scrollWidth}px)`);
    const main = document.querySelector('.app-main');
    if (main) {
      const bounds = main.getBoundingClientRect();
      for (const el of main.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        // Scrolling boxes (the log, the raw editor) may hold wide lines; they scroll, they do not spill.
        if (el.closest('.log-view, .code-area, .table-scroll')) continue;
        if (r.right > bounds.right + 1 || r.left < bounds.left - 1) {
          const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
          problems.push(
            `${el.tagName.toLowerCase()}.${String(el.className)}${testId ? ` in [${testId}]` : ''} spills out (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(bounds.left)}–${Math.round(bounds.right)})`,
          );
        }
      }
    }
    for (const button of document.querySelectorAll('.app-header button, .app-nav button, .app-nav a')) {
      const r = button.getBoundingClientRect();
      if (r.right > innerWidth + 1) problems.push(`${button.textContent} is cut off at the right`);
    }
    // The header's actions never sit on top of the state, its problem or its countdown.
    const actions = document.querySelector('.header-actions')?.getBoundingClientRect();
    if (actions) {
      for (const item of document.querySelectorAll('.header-status > *')) {
        const r = item.getBoundingClientRect();
        const overlaps =
          r.left < actions.right && r.right > actions.left && r.top < actions.bottom && r.bottom > actions.top;
        if (overlaps && r.width > 0) problems.push(`"${item.textContent}" in the header lies under its buttons`);
      }
    }
    return problems.slice(0, 20);
  });
}
