import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { localAwsEnv, useTables } from '../support/tables.ts';

// An MQ send type (or an SQS partner) may target the platform's own mqOutbound or any queue named by
// the convention (hcmsg-target-…, contracts/mq-targets.ts): the only queues the MQ sender is granted.
// Anything else is refused when saved, naming the field, so it never reaches a sender.

const mqSendType = (id: string, queue: string) => ({ id, name: 'MQ 派发', channel: 'MQ', provider: 'SQS', settings: { queue } });

describe('MQ target queues follow the naming convention (adminConfig)', () => {
  let handler: AdminHandler;
  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
  });

  it('refuses a send type targeting a queue outside the convention with 400 naming settings.queue', async () => {
    for (const queue of ['orders-queue', 'hcmsg-target-', 'HCMSG-TARGET-x', 'hcmsg-target-a.fifo', 'https://sqs.ap-east-1.amazonaws.com/123456789012/hcmsg-target-x']) {
      const res = await callAdmin(handler, 'POST', '/api/admin/config/sendType', { body: mqSendType('MQ_BAD', queue) });
      expect([res.status, res.retFlag, res.retMsg.split(':')[0]], queue).toEqual([400, '10001', 'settings.queue']);
      expect(res.retMsg).toMatch(/hcmsg-target-.*\(.*hcmsg-target-/);
    }
    expect((await callAdmin(handler, 'GET', '/api/admin/config/sendType/MQ_BAD')).status).toBe(404);
  });

  it('accepts mqOutbound, a convention name, or no queue (the default mqOutbound)', async () => {
    for (const [id, settings] of [['MQ_OUT', { queue: 'mqOutbound' }], ['MQ_LEDGER', { queue: 'hcmsg-target-ledger_v2' }], ['MQ_DEFAULT', {}]] as const) {
      const res = await callAdmin(handler, 'POST', '/api/admin/config/sendType', { body: { ...mqSendType(id, ''), settings } });
      expect(res.retFlag, id).toBe('00000');
    }
  });

  it('applies the same rule to an SQS partner\'s settings', async () => {
    const bad = await callAdmin(handler, 'POST', '/api/admin/config/partner', { body: { code: 'DOWNSTREAM', name: '下游', provider: 'SQS', settings: { queue: 'their-queue' } } });
    expect([bad.status, bad.retFlag, bad.retMsg.split(':')[0]]).toEqual([400, '10001', 'settings.queue']);
    const good = await callAdmin(handler, 'POST', '/api/admin/config/partner', { body: { code: 'DOWNSTREAM', name: '下游', provider: 'SQS', settings: { queue: 'hcmsg-target-downstream' } } });
    expect(good.retFlag).toBe('00000');
  });
});
