// Small reads and writes of the page's own state for the e2e tests (the Node test project has no DOM
// types: each function names the little it touches).
import type { Page } from 'playwright-core';

interface PageLocation {
  location: { hash: string };
  addEventListener(type: 'hashchange', listener: () => void, options: { once: boolean }): void;
  requestAnimationFrame(callback: () => void): void;
}
interface PageDocument {
  document: { documentElement: { getAttribute(name: string): string | null }; body: unknown };
  getComputedStyle(el: unknown): { backgroundColor: string };
}

/** The URL fragment, e.g. `#config` (Playwright follows same-document navigations). */
export function urlHash(page: Page): string {
  return new URL(page.url()).hash;
}

/** What the Electron tray does to an open window: a fragment-only navigation of the same page. */
export async function setHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as PageLocation).location.hash = h;
  }, hash);
}

/**
 * Like setHash, and resolves once the page has handled the change and painted: the app's own `hashchange`
 * listener (registered at start) has run, and a frame went by for React to render what it chose. For
 * checking that a fragment changes nothing, without guessing a delay.
 */
export async function setHashAndSettle(page: Page, hash: string): Promise<void> {
  await page.evaluate(
    (h) =>
      new Promise<void>((resolve) => {
        const g = globalThis as unknown as PageLocation;
        g.addEventListener('hashchange', () => g.requestAnimationFrame(() => g.requestAnimationFrame(resolve)), {
          once: true,
        });
        g.location.hash = h;
      }),
    hash,
  );
}

/** The root's `data-theme` (null: the theme follows the system). */
export function themeAttribute(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    (globalThis as unknown as PageDocument).document.documentElement.getAttribute('data-theme'),
  );
}

export function bodyBackground(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageDocument;
    return g.getComputedStyle(g.document.body).backgroundColor;
  });
}
