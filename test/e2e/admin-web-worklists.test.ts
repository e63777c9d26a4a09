import { describe, expect, it } from 'vitest';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };
import { DELIVERY_WAIT_MS, SLOW_TEST_MS, useAdminCentre } from './admin-centre.ts';
import { scaledMs } from '../support/wait-for.ts';
import { button, failedApiCalls, search, waitForRow } from './browser.ts';
import { axeFindings, errorToasts, mainRows, menuPaths, onlyRowsWith, openSettled, visit, type AxeFinding } from './pages.ts';

// What an operator works with every day: a search that filters (the matching row and no other, on
// each kind of list), every page readable (axe-core) and usable by keyboard, in Chinese and English,
// on a laptop and a phone. One platform and one browser for the whole file. Screenshots of every page
// in both languages at 1440 and 390 px: test/e2e/screenshot-pages.ts.

const stamp = Date.now();
const requestNos = [`WL${stamp}A`, `WL${stamp}B`];

describe('admin centre in the browser: search, accessibility, layout', () => {
  const centre = useAdminCentre();
  const { open } = centre;

  const send = async (requestNo: string, mobile: string) => {
    const response = await fetch(`${centre.platform.url}/api/hcmsg/sendMessage`, {
      method: 'POST',
      headers: { 'x-api-key': 'demo-outplatform-key', 'content-type': 'application/json' },
      body: JSON.stringify({ ...seedSms, requestNo, userIds: [{ ...seedSms.userIds[0], mobile }] }),
    });
    expect(((await response.json()) as { head: { retFlag: string } }).head.retFlag).toBe('00000');
  };

  /** Searches and expects exactly the rows containing `text`, no error toast and no failed call. */
  const searchFinds = async (label: string, value: string, text = value) => {
    const failed = failedApiCalls(centre.page);
    await search(centre.page, label, value);
    const count = await onlyRowsWith(centre.page, text);
    expect({ errors: await errorToasts(centre.page), failed: failed.stop() }).toEqual({ errors: [], failed: [] });
    return count;
  };

  it('a configuration search returns the matching row and no other', async () => {
    await open('/platform/biz-types');
    await mainRows(centre.page).nth(1).waitFor();
    expect(await searchFinds('业务类型编码', 'ACCOUNT_SECURITY')).toBe(1);
  });

  it('a records search (requests, send records) returns the matching rows and no other', async () => {
    await send(requestNos[0]!, '13361240001');
    await send(requestNos[1]!, '13361240002');
    await open('/sends/list');
    // Both delivered (so both are in the unfiltered list) before the search narrows it to one.
    await waitForRow(centre.page, requestNos[0]!, DELIVERY_WAIT_MS);
    await waitForRow(centre.page, requestNos[1]!, DELIVERY_WAIT_MS);
    expect(await searchFinds('请求号', requestNos[0]!)).toBe(1);
    await open('/requests/list');
    await waitForRow(centre.page, requestNos[1]!, DELIVERY_WAIT_MS);
    expect(await searchFinds('请求号', requestNos[1]!)).toBe(1);
  }, SLOW_TEST_MS);

  it('an outbox search returns the matching row and no other', async () => {
    await open('/ops/outbox');
    await waitForRow(centre.page, requestNos[0]!, DELIVERY_WAIT_MS);
    await waitForRow(centre.page, requestNos[1]!, DELIVERY_WAIT_MS);
    expect(await searchFinds('请求号', requestNos[1]!)).toBe(1);
    expect(await mainRows(centre.page).first().innerText()).toContain('13361240002');
  }, SLOW_TEST_MS);

  it('shows the status columns of records and requests without scrolling at 1280 px', async () => {
    await centre.page.setViewportSize({ width: 1280, height: 800 });
    try {
      for (const path of ['/requests/list', '/sends/list']) {
        await open(path);
        const status = centre.page.locator('.ant-table-thead th', { hasText: /^状态$/ }).first();
        await status.waitFor();
        const box = await status.boundingBox();
        const fixedRight = centre.page.locator('.ant-table-thead th.ant-table-cell-fix-right');
        const fixed = (await fixedRight.count()) > 0 ? await fixedRight.first().boundingBox() : null;
        expect({ path, visible: box !== null && box.x + box.width <= (fixed?.x ?? 1280) + 1 }).toEqual({ path, visible: true });
      }
    } finally {
      await centre.page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('every page: no serious or critical axe-core finding, no failed API call', async () => {
    // axe-core works on pages of a context the test made itself.
    const context = await centre.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addInitScript(`sessionStorage.setItem('msgplat.token', ${JSON.stringify(await centre.tokenOf('admin'))})`);
    const page = await context.newPage();
    page.setDefaultTimeout(scaledMs(15_000));
    try {
      await openSettled(page, `${centre.platform.url}/`);
      const paths = await menuPaths(page);
      expect(paths.length).toBeGreaterThan(20);
      const findings: Record<string, AxeFinding[]> = {};
      const failures: Record<string, string[]> = {};
      for (const [i, path] of paths.entries()) {
        const failed = await visit(page, path);
        if (failed.length > 0) failures[path] = failed;
        // The frame (menu, header) is the same on every page: checked whole on the first, then each
        // page's own content (a third of the time per page).
        const found = await axeFindings(page, i === 0 ? undefined : '.ant-pro-page-container');
        if (found.length > 0) findings[path] = found;
      }
      expect({ failures, findings }).toEqual({ failures: {}, findings: {} });
    } finally {
      await context.close();
    }
  }, SLOW_TEST_MS * 2);

  it('on a phone (390 px): the header fits, the menu opens as a drawer with icons, a table scrolls inside its card', async () => {
    const context = await centre.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addInitScript(`sessionStorage.setItem('msgplat.token', ${JSON.stringify(await centre.tokenOf('admin'))})`);
    const page = await context.newPage();
    try {
      await openSettled(page, `${centre.platform.url}/sends/list`);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBe(0);
      expect(await axeFindings(page)).toEqual([]);
      await page.locator('.ant-pro-global-header-collapsed-button').click();
      const drawer = page.locator('.ant-drawer-content .ant-menu');
      await drawer.waitFor();
      expect(await drawer.locator('.anticon').count()).toBeGreaterThan(10);
    } finally {
      await context.close();
    }
  });

  it('the collapsed menu shows icons, and a detail drawer has a title', async () => {
    await open('/platform/biz-types');
    await centre.page.locator('.ant-pro-sider-collapsed-button').click();
    const items = centre.page.locator('.ant-pro-sider .ant-menu-item, .ant-pro-sider .ant-menu-submenu-title');
    await centre.page.locator('.ant-pro-sider.ant-layout-sider-collapsed').waitFor();
    const count = await items.count();
    expect(await centre.page.locator('.ant-pro-sider .ant-menu .anticon').count()).toBeGreaterThanOrEqual(count);
    await centre.page.locator('.ant-pro-sider-collapsed-button').click();
    await mainRows(centre.page).first().getByText('详情').click();
    expect((await centre.page.locator('.ant-drawer-title').innerText()).trim()).toMatch(/详情 · 业务类型/);
    await centre.page.locator('.ant-drawer-close').click();
  });

  it('works by keyboard alone: search, open the add form, fill it, close it', async () => {
    await open('/platform/biz-types');
    await mainRows(centre.page).nth(1).waitFor();
    const page = centre.page;
    const focusedLabel = () => page.evaluate("document.activeElement?.id ? (document.querySelector(`label[for='${document.activeElement.id}']`)?.textContent ?? '') : (document.activeElement?.textContent ?? '')");
    const tabTo = async (wanted: RegExp, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (wanted.test(String(await focusedLabel()))) return;
      }
      throw new Error(`Tab never reached ${wanted}`);
    };
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await tabTo(/^业务类型编码$/);
    await page.keyboard.type('MARKET_ACTIVITY');
    await page.keyboard.press('Enter');
    expect(await onlyRowsWith(page, 'MARKET_ACTIVITY')).toBe(1);
    await tabTo(/增\s*加/);
    await page.keyboard.press('Enter');
    const modal = page.locator('.ant-modal-content');
    await modal.waitFor();
    await tabTo(/^业务类型编码$/);
    await page.keyboard.type('KEYBOARD_BIZ');
    await tabTo(/^业务类型名称$/);
    await page.keyboard.type('键盘录入');
    await tabTo(/确\s*定/);
    await page.keyboard.press('Enter');
    await page.getByText('已保存').waitFor();
    await modal.waitFor({ state: 'hidden' });
    // A dialog closes with Escape.
    await button(page, '增加').focus();
    await page.keyboard.press('Enter');
    await modal.waitFor();
    // As a person would: press Escape once the dialog has taken the focus (antd moves it in after opening).
    await page.waitForFunction('Boolean(document.activeElement && document.activeElement.closest(".ant-modal-wrap"))');
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
  });
});
