import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT, startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { button, choose, launchChromium, row, screenshot, search, signIn, waitForRow } from './browser.ts';

// The admin centre in a real browser against the real local runner: what an operator would do and see.

const requestNo = `E2E${Date.now()}`;
// The pipeline delivers asynchronously; with the whole suite sharing two cores that can take a minute.
const DELIVERY_WAIT_MS = 90_000;
const SLOW_TEST_MS = 240_000;

describe('admin centre in the browser', () => {
  let platform: LocalPlatform;
  let browser: Browser;
  let page: Page;
  let webDir: string;

  beforeAll(async () => {
    // Build the current source, so the test never passes against a stale dist.
    webDir = mkdtempSync(join(tmpdir(), 'admin-web-'));
    await build({ configFile: join(REPO_ROOT, 'admin-web/vite.config.ts'), logLevel: 'error', build: { outDir: webDir, emptyOutDir: true } });
    platform = await startLocalPlatform({ manifest, port: await freePort(), seed: seedDemo, webDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const open = async (path: string) => {
    await page.goto(`${platform.url}${path}`);
    await page.locator('.ant-pro-page-container').waitFor();
  };

  const tokenOf = async (username: string) => {
    const response = await fetch(`${platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username, password: username }) });
    return ((await response.json()) as { body: { token: string } }).body.token;
  };

  it('signs in as admin and shows the dashboard with charts', async () => {
    await signIn(page, platform.url, 'admin');
    await expect(page.getByTestId('who').textContent()).resolves.toContain('admin');
    await page.getByText('今日请求（按状态）').waitFor();
    await page.getByText('死信队列深度').first().waitFor();
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThan(0);
  });

  it('creates a business type through the form', async () => {
    await open('/platform/biz-types');
    await button(page, '增加').click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByLabel('业务类型编码', { exact: true }).fill('E2E_BIZ');
    await modal.getByLabel('业务类型名称', { exact: true }).fill('端到端测试业务');
    await button(modal, '确定').click();
    await page.getByText('已保存').waitFor();
    const created = row(page, 'E2E_BIZ');
    await created.waitFor();
    expect(await created.textContent()).toContain('端到端测试业务');
    await screenshot(page, '01-platform-settings-biz-types');
  });

  it('tells the operator when someone else changed the item meanwhile (version conflict)', async () => {
    await open('/platform/biz-types');
    await search(page, '业务类型编码', 'E2E_BIZ');
    await row(page, 'E2E_BIZ').getByText('修改').click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByLabel('业务类型名称', { exact: true }).fill('我的修改');
    // Another admin saves first.
    const token = await tokenOf('admin');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const current = (await (await fetch(`${platform.url}/api/admin/config/bizType/E2E_BIZ`, { headers })).json()) as { body: Record<string, unknown> };
    const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...item } = current.body;
    const put = await fetch(`${platform.url}/api/admin/config/bizType/E2E_BIZ`, { method: 'PUT', headers, body: JSON.stringify({ ...item, name: '别人的修改' }) });
    expect(put.status).toBe(200);
    await button(modal, '确定').click();
    await page.getByText('这条记录已被其他人修改').waitFor();
  });

  it('explains why a business type still in use cannot be deleted', async () => {
    await open('/platform/biz-types');
    await row(page, 'MARKET_ACTIVITY').getByText('删除', { exact: true }).click();
    await button(page.locator('.ant-popover'), '确定').click();
    await page.getByText(/无法删除：仍被引用.*MARKET_DEFAULT/).waitFor();
    await row(page, 'MARKET_ACTIVITY').waitFor();
  });

  it('finds a message sent through the public API in requests, send records (with users) and the outbox', async () => {
    const response = await fetch(`${platform.url}/api/hcmsg/sendMessage`, {
      method: 'POST',
      headers: { 'x-api-key': 'demo-outplatform-key', 'content-type': 'application/json' },
      body: JSON.stringify({ ...seedSms, requestNo }),
    });
    expect(((await response.json()) as { head: { retFlag: string } }).head.retFlag).toBe('00000');

    await open('/requests/list');
    await search(page, '请求号', requestNo);
    const request = await waitForRow(page, requestNo, DELIVERY_WAIT_MS);
    expect(await request.textContent()).toContain('MARKET_ACTIVITY');
    await request.getByText('查看消息发送用户').click();
    const users = page.locator('.ant-drawer-content');
    await users.locator('.ant-table-row', { hasText: '13361249238' }).waitFor();
    await screenshot(page, '03-message-requests-users');
    await page.locator('.ant-drawer-close').click();
    await screenshot(page, '03-message-requests');

    await open('/sends/list');
    await search(page, '请求号', requestNo);
    const record = await waitForRow(page, requestNo, DELIVERY_WAIT_MS);
    expect(await record.textContent()).toContain('SMS');
    await screenshot(page, '04-send-records');

    await open('/ops/outbox');
    await search(page, '请求号', requestNo);
    const delivered = await waitForRow(page, requestNo, DELIVERY_WAIT_MS);
    expect(await delivered.textContent()).toContain('13361249238');
    await screenshot(page, '12-outbox');
  }, SLOW_TEST_MS);

  it('issues an API key that is shown once and works, then revokes it', async () => {
    await open('/system/institutions');
    await row(page, 'OUTPLATFORM').getByText('API 密钥').click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.locator('.ant-table-row').first().waitFor();
    const before = await drawer.locator('.ant-table-row').count();
    await button(drawer, '签发新密钥').click();
    const key = (await page.getByTestId('issued-key').textContent())?.trim() ?? '';
    expect(key.length).toBeGreaterThan(20);
    await page.getByText('密钥只显示这一次').waitFor();
    await screenshot(page, '06-system-institutions-key-issued');
    await button(page.locator('.ant-modal-content'), '确定').click();
    await drawer.locator('.ant-table-row').nth(before).waitFor();
    const status = (key_: string) => fetch(`${platform.url}/api/hcmsg/requests/${requestNo}`, { headers: { 'x-api-key': key_ } }).then((r) => r.json() as Promise<{ head: { retFlag: string } }>);
    expect((await status(key)).head.retFlag).toBe('00000');

    // The table tells keys apart by the first characters of the secret (after `outplatform_`).
    expect(key.startsWith('outplatform_')).toBe(true);
    const issuedRow = drawer.locator('.ant-table-row', { hasText: key.slice('outplatform_'.length, 'outplatform_'.length + 8) });
    await issuedRow.getByText('吊销').click();
    await button(page.locator('.ant-popover'), '确定').click();
    // The callers' side sees the revocation within the config cache's TTL (30 s); here, the table says so at once.
    await issuedRow.locator('.ant-tag', { hasText: '吊销' }).waitFor();
    expect(await issuedRow.getByText('轮换').count()).toBe(0);
    await page.locator('.ant-drawer-close').click();
  });

  it("counts today's message on the dashboard, as a chart", async () => {
    await open('/');
    const dashboard = page.getByTestId('dashboard');
    await dashboard.getByText('requestGeneral').waitFor();
    // The sent request is in today's pie; its send record is a bar of the SMS channel.
    await dashboard.locator('.recharts-pie-sector').first().waitFor();
    await dashboard.locator('.recharts-bar-rectangle').first().waitFor();
    await dashboard.locator('svg text', { hasText: /^SMS$/ }).first().waitFor();
    await screenshot(page, '00-home-dashboard');
  });

  it('adds a blacklist entry', async () => {
    await open('/protection/blacklist');
    await button(page, '增加').click();
    const modal = page.locator('.ant-modal-content');
    await choose(modal, '名单类型（用户ID/手机号/接受终端账号）', 'MOBILE', page);
    await modal.getByLabel('名单值', { exact: true }).fill('13900001111');
    await modal.getByLabel('原因', { exact: true }).fill('端到端测试');
    await button(modal, '确定').click();
    await page.getByText('已保存').waitFor();
    await row(page, '13900001111').waitFor();
    await screenshot(page, '09-interception-blacklist');
  });

  it('shows every module page (screenshots for people to look at)', async () => {
    const pages: [string, string, string][] = [
      ['/platform/dispatch-configs', '01-platform-settings-dispatch-configs', 'MARKET_DEFAULT'],
      ['/captcha/scenes', '02-captcha-scenes', 'LOGIN'],
      ['/captcha/records', '02-captcha-records', ''],
      ['/users/inbox', '05-user-messages', ''],
      ['/system/dict', '06-system-dictionary', '消息平台字典'],
      ['/system/channels', '06-system-channels', ''],
      ['/system/parameters', '06-system-parameters', ''],
      ['/system/switch-logs', '06-system-switch-logs', ''],
      ['/system/institutions', '06-system-institutions', 'OUTPLATFORM'],
      ['/system/audit', '06-system-audit', 'E2E_BIZ'],
      ['/manual/imports', '07-manual-sending-imports', ''],
      ['/sms/logs', '08-sms-logs', ''],
      ['/sms/reports', '08-sms-reports', ''],
      ['/protection/intercept-records', '09-interception-records', ''],
      ['/protection/intercepted-requests', '09-interception-requests', ''],
      ['/files/requests', '10-file-requests', ''],
      ['/files/details', '10-file-details', ''],
      ['/ops/dlq', '13-dead-letter-queues', 'requestGeneral'],
    ];
    for (const [path, name, expected] of pages) {
      await open(path);
      if (expected) await page.locator('.ant-pro-page-container').getByText(expected).first().waitFor();
      await screenshot(page, name);
    }
    // Each configuration's dispatch methods open under its row.
    await open('/platform/dispatch-configs');
    await row(page, 'MARKET_DEFAULT').getByText('消息派发方式').click();
    await page.getByTestId('dispatch-methods-MARKET_DEFAULT').locator('.ant-table-row', { hasText: 'MARKET_DEFAULT_SMS' }).waitFor();
    await screenshot(page, '01-platform-settings-dispatch-methods-inline');
    // The import itself is not available yet, and the page says so.
    await open('/manual/imports');
    expect(await button(page, '导入数据').isDisabled()).toBe(true);
  }, SLOW_TEST_MS);

  it('switches to English: a Chinese label becomes English', async () => {
    await open('/platform/biz-types');
    await page.locator('.ant-pro-page-container-title, .ant-page-header-heading-title').getByText('业务类型配置').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Business types').first().waitFor();
    await page.getByText('Platform settings').first().waitFor();
    expect(await page.getByRole('button', { name: '中文' }).isVisible()).toBe(true);
    await screenshot(page, '14-english');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('消息平台设置').first().waitFor();
  });

  it('an operator edits the interception lists but not the configuration', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const operator = await context.newPage();
    try {
      await signIn(operator, platform.url, 'operator');
      await operator.goto(`${platform.url}/protection/blacklist`);
      await operator.locator('.ant-table-row').first().waitFor();
      expect(await button(operator, '增加').count()).toBe(1);
      expect(await operator.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBeGreaterThan(0);
      await operator.goto(`${platform.url}/platform/biz-types`);
      await operator.locator('.ant-table-row').first().waitFor();
      expect(await button(operator, '增加').count()).toBe(0);
      expect(await operator.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('signs in through the Cognito Hosted UI with PKCE when config.json names a user pool', async () => {
    // A stand-in Hosted UI: authorize redirects back with a code, the token endpoint checks the PKCE
    // verifier against the challenge and answers an id token the runner accepts.
    const domain = 'https://auth.example.test';
    const idToken = await tokenOf('operator');
    let challenge = '';
    let verified = false;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.route(`${platform.url}/config.json`, (route) =>
      route.fulfill({ json: { stage: 'dev', apiUrl: '', region: 'ap-east-1', userPoolId: 'pool-1', userPoolClientId: 'client-1', cognitoDomain: 'auth.example.test' } }),
    );
    await context.route(`${domain}/oauth2/authorize?*`, (route) => {
      const url = new URL(route.request().url());
      challenge = url.searchParams.get('code_challenge') ?? '';
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('client_id')).toBe('client-1');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! }).toString();
      return route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    await context.route(`${domain}/oauth2/token`, (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      const verifier = form.get('code_verifier') ?? '';
      verified = form.get('code') === 'the-code' && createHash('sha256').update(verifier).digest('base64url') === challenge;
      return route.fulfill({ status: verified ? 200 : 400, headers: { 'access-control-allow-origin': '*' }, json: verified ? { id_token: idToken, token_type: 'Bearer' } : { error: 'invalid_grant' } });
    });
    const page2 = await context.newPage();
    try {
      await page2.goto(`${platform.url}/`);
      await button(page2, '使用企业账号登录').click();
      await page2.getByTestId('dashboard').waitFor();
      expect(verified).toBe(true);
      await expect(page2.getByTestId('who').textContent()).resolves.toContain('operator');
      expect(new URL(page2.url()).search).toBe('');
    } finally {
      await context.close();
    }
  });

  it('a viewer sees no add, edit, delete or operator actions', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewer = await context.newPage();
    try {
      await signIn(viewer, platform.url, 'viewer');
      await expect(viewer.getByTestId('who').textContent()).resolves.toContain('viewer');
      for (const path of ['/platform/biz-types', '/protection/blacklist']) {
        await viewer.goto(`${platform.url}${path}`);
        await viewer.locator('.ant-table-row').first().waitFor();
        expect(await button(viewer, '增加').count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('删除', { exact: true }).count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('详情', { exact: true }).count()).toBeGreaterThan(0);
      }
      await viewer.goto(`${platform.url}/sends/list`);
      await viewer.locator('.ant-table-row').first().waitFor();
      expect(await viewer.getByText('取消发送').count()).toBe(0);
      expect(await viewer.getByText('重新发送').count()).toBe(0);
      await screenshot(viewer, '15-viewer-biz-types-read-only');
    } finally {
      await context.close();
    }
  });
});
