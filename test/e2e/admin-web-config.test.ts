import { describe, expect, it } from 'vitest';
import { button, choose, failedApiCalls, row, screenshot, search, signIn } from './browser.ts';
import { SLOW_TEST_MS, useAdminCentre } from './admin-centre.ts';

// What an operator does with the configuration and the lists, and sees on every page.

describe('admin centre in the browser: configuration, lists, roles, pages', () => {
  const centre = useAdminCentre();
  const { open, tokenOf } = centre;

  it('shows the signed-in admin the dashboard with charts', async () => {
    await open('/');
    await expect(centre.page.getByTestId('who').textContent()).resolves.toContain('admin');
    await centre.page.getByText('今日请求（按状态）').waitFor();
    await centre.page.getByText('死信队列深度').first().waitFor();
    expect(await centre.page.locator('.recharts-surface').count()).toBeGreaterThan(0);
  });

  it('creates a business type through the form', async () => {
    await open('/platform/biz-types');
    await button(centre.page, '增加').click();
    const modal = centre.page.locator('.ant-modal-content');
    await modal.getByLabel('业务类型编码', { exact: true }).fill('E2E_BIZ');
    await modal.getByLabel('业务类型名称', { exact: true }).fill('端到端测试业务');
    await button(modal, '确定').click();
    await centre.page.getByText('已保存').waitFor();
    const created = row(centre.page, 'E2E_BIZ');
    await created.waitFor();
    expect(await created.textContent()).toContain('端到端测试业务');
    await screenshot(centre.page, '01-platform-settings-biz-types');
  });

  it('tells the operator when someone else changed the item meanwhile (version conflict)', async () => {
    await open('/platform/biz-types');
    await search(centre.page, '业务类型编码', 'E2E_BIZ');
    await row(centre.page, 'E2E_BIZ').getByText('修改').click();
    const modal = centre.page.locator('.ant-modal-content');
    await modal.getByLabel('业务类型名称', { exact: true }).fill('我的修改');
    // Another admin saves first.
    const token = await tokenOf('admin');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const current = (await (await fetch(`${centre.platform.url}/api/admin/config/bizType/E2E_BIZ`, { headers })).json()) as { body: Record<string, unknown> };
    const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...item } = current.body;
    const put = await fetch(`${centre.platform.url}/api/admin/config/bizType/E2E_BIZ`, { method: 'PUT', headers, body: JSON.stringify({ ...item, name: '别人的修改' }) });
    expect(put.status).toBe(200);
    await button(modal, '确定').click();
    await centre.page.getByText('这条记录已被其他人修改').waitFor();
  });

  it('explains why a business type still in use cannot be deleted', async () => {
    await open('/platform/biz-types');
    await row(centre.page, 'MARKET_ACTIVITY').getByText('删除', { exact: true }).click();
    await button(centre.page.locator('.ant-popover'), '确定').click();
    await centre.page.getByText(/无法删除：仍被引用.*MARKET_DEFAULT/).waitFor();
    await row(centre.page, 'MARKET_ACTIVITY').waitFor();
  });

  it('adds a blacklist entry', async () => {
    await open('/protection/blacklist');
    await button(centre.page, '增加').click();
    const modal = centre.page.locator('.ant-modal-content');
    await choose(modal, '名单类型（用户ID/手机号/接受终端账号）', 'MOBILE', centre.page);
    await modal.getByLabel('名单值', { exact: true }).fill('13900001111');
    await modal.getByLabel('原因', { exact: true }).fill('端到端测试');
    await button(modal, '确定').click();
    await centre.page.getByText('已保存').waitFor();
    await row(centre.page, '13900001111').waitFor();
    await screenshot(centre.page, '09-interception-blacklist');
  });

  it('shows every module page with its content (screenshots for people to look at)', async () => {
    // What the demo configuration (or an earlier test here) put there — a table row, or text on the
    // pages that are not one table — else a column header only that page's table has; and every API
    // call the page made succeeded: a page that renders nothing, or whose query fails, does not pass.
    const pages: [path: string, screenshotName: string, expected: { row: string } | { text: string } | { header: string }][] = [
      ['/platform/dispatch-configs', '01-platform-settings-dispatch-configs', { text: 'MARKET_DEFAULT' }],
      ['/captcha/scenes', '02-captcha-scenes', { row: 'LOGIN' }],
      ['/captcha/records', '02-captcha-records', { header: '过期时间' }],
      ['/users/inbox', '05-user-messages', { header: '已读' }],
      ['/system/dict', '06-system-dictionary', { text: '消息平台字典' }],
      ['/system/channels', '06-system-channels', { row: 'APP001' }],
      ['/system/parameters', '06-system-parameters', { header: '参数代码' }],
      ['/system/switch-logs', '06-system-switch-logs', { header: '原派发方式' }],
      ['/system/institutions', '06-system-institutions', { text: 'OUTPLATFORM' }],
      ['/system/audit', '06-system-audit', { row: 'E2E_BIZ' }],
      ['/manual/imports', '07-manual-sending-imports', { header: '批次号' }],
      ['/sms/logs', '08-sms-logs', { header: '服务提供方' }],
      ['/sms/reports', '08-sms-reports', { header: '接受状态' }],
      ['/protection/intercept-records', '09-interception-records', { header: '拦截规则' }],
      ['/protection/intercepted-requests', '09-interception-requests', { header: '用户数' }],
      ['/files/requests', '10-file-requests', { header: '明细文件路径' }],
      ['/files/details', '10-file-details', { header: '文件请求ID' }],
      ['/ops/dlq', '13-dead-letter-queues', { text: 'requestGeneral' }],
    ];
    for (const [path, name, expected] of pages) {
      const failed = failedApiCalls(centre.page);
      await open(path);
      if ('row' in expected) await row(centre.page, expected.row).first().waitFor();
      else if ('text' in expected) await centre.page.locator('.ant-pro-page-container').getByText(expected.text).first().waitFor();
      // A page may hold more than one table (imports: the batches and a batch's rows).
      else await centre.page.locator('.ant-table-thead th').getByText(expected.header, { exact: true }).first().waitFor();
      await screenshot(centre.page, name);
      expect({ path, failed: failed.stop() }).toEqual({ path, failed: [] });
    }
    // Each configuration's dispatch methods open under its row.
    await open('/platform/dispatch-configs');
    await row(centre.page, 'MARKET_DEFAULT').getByText('消息派发方式').click();
    await centre.page.getByTestId('dispatch-methods-MARKET_DEFAULT').locator('.ant-table-row', { hasText: 'MARKET_DEFAULT_SMS' }).waitFor();
    await screenshot(centre.page, '01-platform-settings-dispatch-methods-inline');
  }, SLOW_TEST_MS);

  it('switches to English: a Chinese label becomes English', async () => {
    await open('/platform/biz-types');
    await centre.page.locator('.ant-pro-page-container-title, .ant-page-header-heading-title').getByText('业务类型配置').waitFor();
    await centre.page.getByRole('button', { name: 'English' }).click();
    await centre.page.getByText('Business types').first().waitFor();
    await centre.page.getByText('Platform settings').first().waitFor();
    expect(await centre.page.getByRole('button', { name: '中文' }).isVisible()).toBe(true);
    await screenshot(centre.page, '14-english');
    await centre.page.getByRole('button', { name: '中文' }).click();
    await centre.page.getByText('消息平台设置').first().waitFor();
  });

  it('an operator edits the interception lists but not the configuration', async () => {
    const context = await centre.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const operator = await context.newPage();
    try {
      await signIn(operator, centre.platform.url, 'operator');
      await operator.goto(`${centre.platform.url}/protection/blacklist`);
      await operator.locator('.ant-table-row').first().waitFor();
      expect(await button(operator, '增加').count()).toBe(1);
      expect(await operator.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBeGreaterThan(0);
      await operator.goto(`${centre.platform.url}/platform/biz-types`);
      await operator.locator('.ant-table-row').first().waitFor();
      expect(await button(operator, '增加').count()).toBe(0);
      expect(await operator.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
