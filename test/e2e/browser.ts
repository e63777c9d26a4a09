import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { REPO_ROOT } from '../../infra/local/platform.ts';
import { scaledMs } from '../support/wait-for.ts';

// Headless Chromium from the system (apt `chromium`): playwright-core ships no browser, and CI has
// no internet for `playwright install`.

export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let charts and tables settle: a screenshot is for people to look at.
  await page.waitForLoadState('networkidle');
  // Evaluated in the page (this file is typed for Node, without the DOM).
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning')", null, { timeout: scaledMs(15_000) });
  // Modals and drawers zoom and slide in (0.3 s).
  await page.waitForFunction("!document.querySelector('[class*=\"-enter\"], [class*=\"-appear\"]')", null, { timeout: scaledMs(5_000) });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** antd puts a space between two CJK characters of a button ("确 定"); an icon adds its name in front. */
export const button = (scope: Page | Locator, text: string) =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...text].join('\\s*')}\\s*$`) });

export const signIn = async (page: Page, baseUrl: string, user: string) => {
  await page.goto(`${baseUrl}/`);
  await page.getByPlaceholder('用户名').fill(user);
  await page.getByPlaceholder('密码').fill(user);
  await button(page, '登录').click();
  await page.getByTestId('dashboard').waitFor();
};

/** A data row of the page's main table that contains the text. */
export const row = (page: Page | Locator, text: string) => page.locator('.ant-table-row', { hasText: text });

/** Re-runs the table's query until the row shows up (the pipeline delivers asynchronously). */
export const waitForRow = async (page: Page, text: string, timeoutMs = scaledMs(30_000)): Promise<Locator> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = row(page, text).first();
    if (await found.isVisible()) return found;
    if (Date.now() > deadline) throw new Error(`no table row with "${text}" within ${timeoutMs} ms`);
    await button(page, '查询').click();
    await page.waitForTimeout(700);
  }
};

/** The admin API calls the page makes from now on that fail (status ≥ 400), until stop(). */
export const failedApiCalls = (page: Page) => {
  const failed: string[] = [];
  const onResponse = (response: Response) => {
    if (response.url().includes('/api/') && response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  };
  page.on('response', onResponse);
  return {
    stop: () => {
      page.off('response', onResponse);
      return failed;
    },
  };
};

/**
 * Fills a search field and submits until the table answers that search. The query button ignores
 * clicks while the table loads (it shows a spinner), and a page's first load may start just after
 * the button looked idle: a click lost so is made again.
 */
export const search = async (page: Page, label: string, value: string, timeoutMs = scaledMs(30_000)) => {
  await page.locator('.ant-pro-query-filter').getByLabel(label, { exact: true }).fill(value);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.waitForFunction("!document.querySelector('.ant-pro-query-filter .ant-btn-loading')", null, { timeout: timeoutMs });
    const answered = page.waitForResponse((r) => r.url().includes('/api/') && decodeURIComponent(r.url()).includes(value), { timeout: scaledMs(5_000) }).then(
      () => true,
      () => false,
    );
    await button(page, '查询').click();
    if (await answered) return;
    if (Date.now() > deadline) throw new Error(`the table never answered a search for "${value}" within ${timeoutMs} ms`);
  }
};

/** Picks an option of the antd Select labelled so in the open modal. */
export const choose = async (scope: Locator, label: string, option: string, page: Page) => {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
};
