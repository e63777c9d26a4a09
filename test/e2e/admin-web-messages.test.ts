import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };
import { button, row, screenshot, search, signIn, waitForRow } from './browser.ts';
import { DELIVERY_WAIT_MS, SLOW_TEST_MS, useAdminCentre } from './admin-centre.ts';
import { webConfig } from '../../layers/contracts/web-config.ts';
import { deployedFile, referenceOf, synth } from '../infra/synth.ts';

// A message sent through the public API, found by an operator; API keys; Cognito sign-in; the viewer role.

const requestNo = `E2E${Date.now()}`;

describe('admin centre in the browser: messages, keys, sign-in', () => {
  const centre = useAdminCentre();
  const { open, tokenOf } = centre;

  it('finds a message sent through the public API in requests, send records (with users) and the outbox', async () => {
    const response = await fetch(`${centre.platform.url}/api/hcmsg/sendMessage`, {
      method: 'POST',
      headers: { 'x-api-key': 'demo-outplatform-key', 'content-type': 'application/json' },
      body: JSON.stringify({ ...seedSms, requestNo }),
    });
    expect(((await response.json()) as { head: { retFlag: string } }).head.retFlag).toBe('00000');

    await open('/requests/list');
    await search(centre.page, '请求号', requestNo);
    const request = await waitForRow(centre.page, requestNo, DELIVERY_WAIT_MS);
    expect(await request.textContent()).toContain('MARKET_ACTIVITY');
    await request.getByText('查看消息发送用户').click();
    const users = centre.page.locator('.ant-drawer-content');
    await users.locator('.ant-table-row', { hasText: '13361249238' }).waitFor();
    await screenshot(centre.page, '03-message-requests-users');
    await centre.page.locator('.ant-drawer-close').click();
    await screenshot(centre.page, '03-message-requests');

    await open('/sends/list');
    await search(centre.page, '请求号', requestNo);
    const record = await waitForRow(centre.page, requestNo, DELIVERY_WAIT_MS);
    expect(await record.textContent()).toContain('SMS');
    await screenshot(centre.page, '04-send-records');

    await open('/ops/outbox');
    await search(centre.page, '请求号', requestNo);
    const delivered = await waitForRow(centre.page, requestNo, DELIVERY_WAIT_MS);
    expect(await delivered.textContent()).toContain('13361249238');
    await screenshot(centre.page, '12-outbox');
  }, SLOW_TEST_MS);

  it('issues an API key that is shown once and works, then revokes it', async () => {
    await open('/system/institutions');
    await row(centre.page, 'OUTPLATFORM').getByText('API 密钥').click();
    const drawer = centre.page.locator('.ant-drawer-content');
    await drawer.locator('.ant-table-row').first().waitFor();
    const before = await drawer.locator('.ant-table-row').count();
    await button(drawer, '签发新密钥').click();
    const key = (await centre.page.getByTestId('issued-key').textContent())?.trim() ?? '';
    expect(key.length).toBeGreaterThan(20);
    await centre.page.getByText('密钥只显示这一次').waitFor();
    await screenshot(centre.page, '06-system-institutions-key-issued');
    await button(centre.page.locator('.ant-modal-content'), '确定').click();
    await drawer.locator('.ant-table-row').nth(before).waitFor();
    const status = (key_: string) => fetch(`${centre.platform.url}/api/hcmsg/requests/${requestNo}`, { headers: { 'x-api-key': key_ } }).then((r) => r.json() as Promise<{ head: { retFlag: string } }>);
    expect((await status(key)).head.retFlag).toBe('00000');

    // The table tells keys apart by the first characters of the secret (after `outplatform_`).
    expect(key.startsWith('outplatform_')).toBe(true);
    const issuedRow = drawer.locator('.ant-table-row', { hasText: key.slice('outplatform_'.length, 'outplatform_'.length + 8) });
    await issuedRow.getByText('吊销').click();
    await button(centre.page.locator('.ant-popover'), '确定').click();
    await issuedRow.locator('.ant-tag', { hasText: '吊销' }).waitFor();
    // The callers' side sees the revocation at once too: keys are never served from a cache.
    expect((await status(key)).head.retFlag).toBe('20002');
    expect(await issuedRow.getByText('轮换').count()).toBe(0);
    await centre.page.locator('.ant-drawer-close').click();
  });

  it("counts today's message on the dashboard, as a chart", async () => {
    await open('/');
    const dashboard = centre.page.getByTestId('dashboard');
    // Queues by their purpose (requestGeneral).
    await dashboard.getByText('请求受理 · 普通通道').first().waitFor();
    // The sent request is in today's pie; its send record is a bar of the SMS channel.
    await dashboard.locator('.recharts-pie-sector').first().waitFor();
    await dashboard.locator('.recharts-bar-rectangle').first().waitFor();
    await dashboard.locator('svg text', { hasText: /^短信$/ }).first().waitFor();
    await screenshot(centre.page, '00-home-dashboard');
  });

  it('signs in through the Cognito Hosted UI with PKCE, with the config.json the web stack deploys', async () => {
    // The config.json of a synthesized dev stage, changed only where it says where things run: the API
    // is the runner's (same origin) and the Hosted UI's host is a stand-in whose authorize endpoint
    // redirects back with a code and whose token endpoint checks the PKCE verifier against the
    // challenge and answers an id token the runner accepts.
    const s = synth({ stage: 'dev' });
    const deployed = webConfig.parse(
      JSON.parse(deployedFile(s, 'config.json', (value) => ({ 'AWS::Region': 'ap-east-1', 'AWS::URLSuffix': 'amazonaws.com' })[referenceOf(s.json.api)(value)] ?? referenceOf(s.json.api)(value))),
    );
    if (deployed.auth.mode !== 'cognito') throw new Error(`the web stack deploys auth mode ${deployed.auth.mode}`);
    const hostedUi = new URL(deployed.auth.cognitoDomain);
    hostedUi.host = 'auth.example.test';
    const domain = hostedUi.origin;
    // The deployed config already says apiUrl '' (CloudFront routes /api/* to the API): used as is.
    expect(deployed.apiUrl).toBe('');
    const config = { ...deployed, auth: { ...deployed.auth, cognitoDomain: domain } };
    const clientId = deployed.auth.userPoolClientId;
    const idToken = await tokenOf('operator');
    const renewedToken = await tokenOf('operator');
    let challenge = '';
    let verified = false;
    let scope = '';
    const refreshes: string[] = [];
    const context = await centre.browser.newContext({ viewport: { width: 1440, height: 900 } });
    // A fake clock (running at real speed) lets the test jump to just before the id token expires.
    await context.clock.install();
    await context.route(`${centre.platform.url}/config.json`, (route) => route.fulfill({ json: config }));
    await context.route(`${domain}/oauth2/authorize?*`, (route) => {
      const url = new URL(route.request().url());
      challenge = url.searchParams.get('code_challenge') ?? '';
      scope = url.searchParams.get('scope') ?? '';
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('client_id')).toBe(clientId);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! }).toString();
      return route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    await context.route(`${domain}/oauth2/token`, (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      if (form.get('grant_type') === 'refresh_token') {
        refreshes.push(form.get('refresh_token') ?? '');
        return route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, json: { id_token: renewedToken, token_type: 'Bearer', expires_in: 3600 } });
      }
      const verifier = form.get('code_verifier') ?? '';
      verified = form.get('code') === 'the-code' && createHash('sha256').update(verifier).digest('base64url') === challenge;
      return route.fulfill({ status: verified ? 200 : 400, headers: { 'access-control-allow-origin': '*' }, json: verified ? { id_token: idToken, refresh_token: 'the-refresh-token', token_type: 'Bearer' } : { error: 'invalid_grant' } });
    });
    const page2 = await context.newPage();
    try {
      await page2.goto(`${centre.platform.url}/`);
      await button(page2, '使用企业账号登录').click();
      await page2.getByTestId('dashboard').waitFor();
      expect(verified).toBe(true);
      await expect(page2.getByTestId('who').textContent()).resolves.toContain('operator');
      expect(new URL(page2.url()).search).toBe('');
      // Exactly the scopes the app client allows, written by the web stack into config.json.
      expect(scope).toBe(deployed.auth.scopes.join(' '));
      // Five minutes before the id token's expiry (the runner's tokens live 12 h) the site renews it.
      expect(refreshes).toEqual([]);
      await page2.clock.fastForward('11:56:00');
      await expect.poll(() => refreshes, { timeout: 10_000 }).toEqual(['the-refresh-token']);
      await expect.poll(() => page2.evaluate("sessionStorage.getItem('msgplat.token')"), { timeout: 10_000 }).toBe(renewedToken);
      // The renewed token lives expires_in (an hour) on the browser's clock, though its exp claim, on
      // the issuer's clock, is minutes away here: no second renewal follows, let alone a loop of them.
      await page2.clock.fastForward('10:00');
      await page2.waitForTimeout(500);
      expect(refreshes).toEqual(['the-refresh-token']);
    } finally {
      await context.close();
    }
  }, SLOW_TEST_MS);

  it('a viewer sees no add, edit, delete or operator actions', async () => {
    const context = await centre.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewer = await context.newPage();
    try {
      await signIn(viewer, centre.platform.url, 'viewer');
      await expect(viewer.getByTestId('who').textContent()).resolves.toContain('viewer');
      for (const path of ['/platform/biz-types', '/protection/blacklist']) {
        await viewer.goto(`${centre.platform.url}${path}`);
        await viewer.locator('.ant-table-row').first().waitFor();
        expect(await button(viewer, '增加').count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('修改', { exact: true }).count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('删除', { exact: true }).count()).toBe(0);
        expect(await viewer.locator('.ant-table-row').getByText('详情', { exact: true }).count()).toBeGreaterThan(0);
      }
      await viewer.goto(`${centre.platform.url}/sends/list`);
      await viewer.locator('.ant-table-row').first().waitFor();
      expect(await viewer.getByText('取消发送').count()).toBe(0);
      expect(await viewer.getByText('重新发送').count()).toBe(0);
      await screenshot(viewer, '15-viewer-biz-types-read-only');
    } finally {
      await context.close();
    }
  });
});
