import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { createUpstreamStore } from '#adapters/dynamo/upstream-store';
import { button, failedApiCalls, row, screenshot } from './browser.ts';
import { SLOW_TEST_MS, useAdminCentre } from './admin-centre.ts';

// The delivery-feedback pages: 抑制名单 (lift), 上行短信 (list), 调用方回调 (secret shown once).

describe('admin centre in the browser: suppressions, inbound SMS, caller callbacks', () => {
  const centre = useAdminCentre();
  const { open } = centre;
  const doc = () => DynamoDBDocumentClient.from(centre.platform.dynamo.client);

  it('lists a suppression and lets the admin lift it', async () => {
    await createSuppressionStore(doc(), centre.platform.resolved.table('messages')).suppress({
      channel: 'EMAIL',
      address: 'bounced@example.com',
      reason: 'HARD_BOUNCE',
      source: 'E2E-RPT-1',
      at: new Date().toISOString(),
    });
    const failed = failedApiCalls(centre.page);
    await open('/protection/suppressions');
    await row(centre.page, 'bounced@example.com').waitFor();
    await screenshot(centre.page, '09-interception-suppressions');
    await row(centre.page, 'bounced@example.com').getByText('解除抑制').click();
    await button(centre.page.locator('.ant-popconfirm'), '确定').click();
    await centre.page.getByText('已解除抑制').waitFor();
    await row(centre.page, 'bounced@example.com').waitFor({ state: 'detached' });
    expect(failed.stop()).toEqual([]);
  }, SLOW_TEST_MS);

  it('lists inbound SMS with the business types an unsubscribe blacklisted', async () => {
    await createUpstreamStore(doc(), centre.platform.resolved.table('messages')).put({
      id: 'GATEWAY#GW#e2e-1',
      source: 'GATEWAY',
      sendTypeId: 'GW',
      mobile: '13800009999',
      content: '退订',
      keyword: '退订',
      unsubscribe: true,
      blacklistedFor: ['MARKET_ACTIVITY'],
      receivedAt: new Date().toISOString(),
    });
    await open('/sms/upstream');
    const listed = row(centre.page, 'GATEWAY');
    await listed.waitFor();
    expect(await listed.textContent()).toContain('MARKET_ACTIVITY');
    await screenshot(centre.page, '08-sms-upstream');
  }, SLOW_TEST_MS);

  it('sets a callback URL and shows the signing secret once', async () => {
    await open('/ops/callbacks');
    await button(centre.page, '设置回调地址').click();
    const modal = centre.page.locator('.ant-modal-content').filter({ hasText: '回调地址' });
    await modal.getByLabel('系统标识').fill('OUTPLATFORM');
    await modal.getByLabel('回调地址').fill('https://caller.example.com/hooks/hcmsg');
    await button(modal, '确定').click();
    const shown = centre.page.locator('.ant-modal-content').filter({ hasText: '仅显示这一次' });
    await shown.waitFor();
    expect((await shown.locator('code').textContent())?.length).toBeGreaterThan(40);
    await screenshot(centre.page, '13-caller-callbacks-secret-once');
    await button(shown, '确定').click();
    await row(centre.page, 'caller.example.com').waitFor();
  }, SLOW_TEST_MS);
});
