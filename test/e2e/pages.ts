import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, Request } from 'playwright-core';
import { scaledMs } from '../support/wait-for.ts';
import { SCREENSHOTS, failedApiCalls } from './browser.ts';

// Helpers for tests that look at every page: the page list read from the menu itself (a page another
// change registers is covered without editing the test), list assertions and the axe-core check.

/** Every page path the side menu offers, its folders opened one by one. */
export const menuPaths = async (page: Page): Promise<string[]> => {
  const menu = page.locator('.ant-pro-sider-menu, .ant-layout-sider .ant-menu').first();
  await menu.waitFor();
  const folders = menu.locator('.ant-menu-submenu-title');
  for (let i = 0; i < (await folders.count()); i++) {
    const folder = folders.nth(i);
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
  }
  const hrefs = await menu.locator('a[href^="/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return [...new Set(['/', ...hrefs])];
};

/** The rows of the page's main table (not a drawer's), once it has stopped loading. */
export const mainRows = (page: Page) => page.locator('.ant-pro-page-container .ant-pro-table').first().locator('.ant-table-tbody .ant-table-row');

/** Waits until the main table shows rows and every one of them contains `text`; then their count. */
export const onlyRowsWith = async (page: Page, text: string, timeoutMs = scaledMs(30_000)): Promise<number> => {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (;;) {
    await page.waitForFunction("!document.querySelector('.ant-pro-page-container .ant-spin-spinning')", null, { timeout: timeoutMs });
    seen = await mainRows(page).allInnerTexts();
    if (seen.length > 0 && seen.every((t) => t.includes(text))) return seen.length;
    if (Date.now() > deadline) throw new Error(`rows other than "${text}" (or none): ${JSON.stringify(seen.map((s) => s.replace(/\s+/g, ' ').slice(0, 120)))}`);
    await page.waitForTimeout(500);
  }
};

/** Error messages (antd message/notification) on screen. */
export const errorToasts = (page: Page) => page.locator('.ant-message-error, .ant-notification-notice-error').allInnerTexts();

export interface AxeFinding {
  id: string;
  impact: string;
  nodes: string[];
}

const SETTLED = "!document.querySelector('.ant-spin-spinning, .ant-btn-loading, .ant-skeleton-active')";
/** No finite CSS animation or transition running (infinite ones, such as a spinner, never end). */
const STILL = 'document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)';

const analyse = async (page: Page, include?: string): Promise<AxeFinding[]> => {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  const result = await (include ? builder.include(include) : builder).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id.startsWith('landmark-no-duplicate'))
    .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
};

/**
 * axe-core's serious and critical findings on the page as it is now (WCAG 2 A/AA and best practice),
 * in the part `include` selects (the whole page when not given). A finding must hold on a settled
 * page: one seen while something was loading (a loading button is drawn faded, too low in contrast
 * for axe) is checked again once the page has settled.
 */
export const axeFindings = async (page: Page, include?: string): Promise<AxeFinding[]> => {
  const found = await analyse(page, include);
  if (found.length === 0) return found;
  await page.waitForFunction(SETTLED, null, { timeout: scaledMs(15_000) });
  await page.waitForFunction(STILL, null, { timeout: scaledMs(15_000) });
  return analyse(page, include);
};

/** Counts the page's admin API calls in flight, to wait for a quiet moment rather than a fixed time. */
const apiCalls = (page: Page) => {
  let inFlight = 0;
  let lastChange = Date.now();
  const isApi = (request: Request) => request.url().includes('/api/');
  const started = (request: Request) => {
    if (isApi(request)) [inFlight, lastChange] = [inFlight + 1, Date.now()];
  };
  const ended = (request: Request) => {
    if (isApi(request)) [inFlight, lastChange] = [inFlight - 1, Date.now()];
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    /** Resolves once no call has been in flight for `quietMs` (a table queries a moment after mount). */
    quiet: async (quietMs: number, timeoutMs = scaledMs(15_000)) => {
      for (const deadline = Date.now() + timeoutMs; inFlight > 0 || Date.now() - lastChange < quietMs; ) {
        if (Date.now() > deadline) throw new Error(`admin API calls still in flight after ${timeoutMs} ms`);
        await page.waitForTimeout(50);
      }
    },
    stop: () => {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    },
  };
};

/** Goes to a path inside the running SPA (no reload: the app's router listens to popstate), settled; its failed API calls. */
export const visit = async (page: Page, path: string): Promise<string[]> => {
  const failed = failedApiCalls(page);
  const calls = apiCalls(page);
  try {
    await page.evaluate(`window.history.pushState(null, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'))`);
    await page.locator('.ant-pro-page-container').waitFor();
    // Settled: the page's queries answered (none for 300 ms) and nothing spinning any more.
    await calls.quiet(300);
    await page.waitForFunction(SETTLED, null, { timeout: scaledMs(15_000) });
    await calls.quiet(300);
    // And drawn: a button leaving its loading state fades back (a CSS transition), and axe measures
    // colour contrast mid-fade as too low.
    await page.waitForFunction(STILL, null, { timeout: scaledMs(15_000) });
  } finally {
    calls.stop();
  }
  return failed.stop();
};

/** Opens a path, waits for its content to settle; the admin API calls it made that failed. */
export const openSettled = async (page: Page, url: string): Promise<string[]> => {
  const failed = failedApiCalls(page);
  await page.goto(url);
  await page.locator('.ant-pro-page-container').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(SETTLED, null, { timeout: scaledMs(15_000) });
  await page.waitForFunction(STILL, null, { timeout: scaledMs(15_000) });
  return failed.stop();
};

export const pageShot = async (page: Page, folder: string, path: string) => {
  const dir = join(SCREENSHOTS, 'pages', folder);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${path === '/' ? 'home' : path.slice(1).replaceAll('/', '-')}.png`), fullPage: true });
};
