import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqPayloadV1 } from '#contracts/mq-payload';
import { useTables, type TestTables } from '../support/tables.ts';
import { deliveryHandlerEnv, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// Issue 16 through the real handlers: the push deep link, MQ payloads that name the recipient,
// per-method send windows, products, channel mappings, partner settings and the priority lane.

const by = { by: 'test' };
const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const now = new Date();

describe('channels and dispatch as the seed means them (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;

  const bizType = (code: string, priority = 5) =>
    env.config.put('bizType', { code, name: code, enabled: true, priority, greenLane: false, smsType: 'Transactional', critical: false }, by);

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    // All configuration first: the handlers cache it per container, as in Lambda.
    await bizType('MQ_WHO');
    await env.config.put('sendType', { id: 'MQ_WHO_SQS', name: 'MQ', channel: 'MQ', provider: 'SQS', settings: { queue: 'mqOutbound' }, enabled: true }, by);
    await env.config.put('dispatchConfig', { id: 'MQ_WHO', name: 'MQ', enabled: true, priority: 10, match: { bizType: 'MQ_WHO' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'MQ_WHO_MQ', dispatchConfigId: 'MQ_WHO', sendTypeId: 'MQ_WHO_SQS', greenLane: false, enabled: true }, by);
    const open = { start: hhmm(new Date(now.getTime() - 3600_000)), end: hhmm(new Date(now.getTime() + 3600_000)), timeZone: 'UTC' };
    const closed = { start: hhmm(new Date(now.getTime() + 3 * 3600_000)), end: hhmm(new Date(now.getTime() + 4 * 3600_000)), timeZone: 'UTC' };
    await bizType('WINDOWS');
    await env.config.put('dispatchConfig', { id: 'WINDOWS', name: 'two windows', enabled: true, priority: 10, match: { bizType: 'WINDOWS' }, sendWindow: closed, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'WINDOWS_SMS', dispatchConfigId: 'WINDOWS', sendTypeId: 'SMS_OUTBOX', greenLane: false, enabled: true, sendWindow: open, sendLimit: 5 }, by);
    await env.config.put('dispatchMethod', { id: 'WINDOWS_PUSH', dispatchConfigId: 'WINDOWS', sendTypeId: 'PUSH_OUTBOX', greenLane: false, enabled: true, sendWindow: closed }, by);
    await bizType('LOANS');
    await env.config.put('productType', { code: 'CASH', name: '现金贷', enabled: true }, by);
    await env.config.put('product', { code: 'P100', name: '随借随还', productTypeCode: 'CASH', enabled: true }, by);
    await env.config.put('productMapping', { id: 'LEGACY-P100', externalCode: 'OLD100', productCode: 'P100' }, by);
    await env.config.put('channelType', { code: 'H5', name: 'H5', enabled: true }, by);
    await env.config.put('channelMapping', { id: 'H5-APP001', channelTypeCode: 'H5', channelNo: 'APP001' }, by);
    await env.config.put('dispatchConfig', { id: 'LOANS_ANY', name: 'any', enabled: true, priority: 1, match: { bizType: 'LOANS' }, sendLimit: 3 }, by);
    await env.config.put('dispatchConfig', { id: 'LOANS_CASH', name: 'cash', enabled: true, priority: 5, match: { bizType: 'LOANS', productTypeCode: 'CASH' }, sendLimit: 3 }, by);
    await env.config.put('dispatchConfig', { id: 'LOANS_CASH_H5', name: 'cash h5', enabled: true, priority: 9, match: { bizType: 'LOANS', productTypeCode: 'CASH', channelTypeCode: 'H5' }, sendLimit: 3 }, by);
    for (const id of ['LOANS_ANY', 'LOANS_CASH', 'LOANS_CASH_H5']) {
      await env.config.put('dispatchMethod', { id: `${id}_SMS`, dispatchConfigId: id, sendTypeId: 'SMS_OUTBOX', greenLane: false, enabled: true }, by);
    }
    await bizType('PARTNER_MQ');
    await env.config.put('sendType', { id: 'PARTNER_SQS', name: 'MQ via partner', channel: 'MQ', provider: 'SQS', settings: { queue: 'notBoundToSendMq' }, enabled: true }, by);
    await env.config.put('partner', { code: 'DOWNSTREAM', name: '下游系统', provider: 'SQS', settings: { queue: 'mqOutbound' }, enabled: true }, by);
    await env.config.put('partnerLink', { id: 'PARTNER_SQS-DOWNSTREAM', sendTypeId: 'PARTNER_SQS', partnerCode: 'DOWNSTREAM', enabled: true }, by);
    await env.config.put('dispatchConfig', { id: 'PARTNER_MQ', name: 'partner', enabled: true, priority: 10, match: { bizType: 'PARTNER_MQ' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'PARTNER_MQ_MQ', dispatchConfigId: 'PARTNER_MQ', sendTypeId: 'PARTNER_SQS', greenLane: false, enabled: true }, by);
    await bizType('URGENT', 8);
    await env.config.put('dispatchConfig', { id: 'URGENT', name: 'urgent', enabled: true, priority: 10, match: { bizType: 'URGENT' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'URGENT_SMS', dispatchConfigId: 'URGENT', sendTypeId: 'SMS_OUTBOX', greenLane: false, enabled: true }, by);
    await env.config.put('parameter', { code: 'GREEN_LANE_MIN_PRIORITY', name: 'green', value: '8' }, by);
    await env.config.put('template', { id: 'LONG_PUSH', name: 'long', title: '提醒', content: '${A}' }, by);
    await bizType('LONGPUSH');
    await env.config.put('dispatchConfig', { id: 'LONGPUSH', name: 'long', enabled: true, priority: 10, match: { bizType: 'LONGPUSH' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'LONGPUSH_PUSH', dispatchConfigId: 'LONGPUSH', sendTypeId: 'PUSH_OUTBOX', templateId: 'LONG_PUSH', greenLane: false, enabled: true }, by);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('carries actionType/actionValue to the device: the push outbox entry holds the deep link', async () => {
    const accepted = await env.send(securityRequest('DEEP1', 1, { actionType: 3, actionValue: 'hcapp://loan/detail?id=42', custom: '{"k":"v"}' }));
    expect(accepted.retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
    expect((await env.sendRecords('DEEP1')).find((r) => r.channel === 'PUSH')).toMatchObject({ actionType: '3', actionValue: 'hcapp://loan/detail?id=42' });
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    const [push] = (await env.outbox('DEEP1')).filter((e) => e.channel === 'PUSH');
    const payload = JSON.parse(push!.payload!) as { GCM: string; APNS: string };
    expect(JSON.parse(payload.GCM)).toMatchObject({ data: { actionType: '3', actionValue: 'hcapp://loan/detail?id=42', custom: '{"k":"v"}' } });
    expect(JSON.parse(payload.APNS)).toMatchObject({ actionType: '3', actionValue: 'hcapp://loan/detail?id=42' });
  });

  it('an MQ consumer reads who the message is for from the versioned payload', async () => {
    const body = securityRequest('MQWHO1', 2, { bizType: 'MQ_WHO', bizId: 'LOAN-7', bizContent: '{"amount":"100.00"}', useTmpl: 'N', msgTitle: '放款', msgContent: '已放款' });
    body.userIds[1] = { ...body.userIds[1]!, ...{ custNo: 'C-1', email: 'c1@example.com' } };
    expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');

    // The downstream consumer: parse with the published schema, then act on the recipient.
    const messages = (await env.drain('mqOutbound')).map((m) => mqPayloadV1().parse(JSON.parse(m.Body!)));
    const byUser = new Map(messages.map((m) => [m.recipient.userId, m]));
    expect(byUser.get('u1')).toMatchObject({
      schemaVersion: 'hcmsg.mq.v1',
      recipient: { userId: 'u1', custNo: 'C-1', mobile: '13900000001', email: 'c1@example.com', deviceNo: 'device-1' },
      bizId: 'LOAN-7',
      bizContent: '{"amount":"100.00"}',
      requestNo: 'MQWHO1',
      title: '放款',
      content: '已放款',
    });
    expect(byUser.get('u0')?.recipient).toEqual({ userId: 'u0', mobile: '13900000000', deviceNo: 'device-0' });
  });

  it('two methods of one configuration keep their own send windows and limits', async () => {
    // The configuration's own window is closed: each method's overrides it.
    const body = securityRequest('WIN1', 1, { bizType: 'WINDOWS', useTmpl: 'N', msgTitle: 't', msgContent: 'c' });
    expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendSms, 'smsGeneral');
    await env.deliver(env.handlers.sendPush, 'pushGeneral');

    const records = await env.sendRecords('WIN1');
    const sms = records.find((r) => r.channel === 'SMS')!;
    const push = records.find((r) => r.channel === 'PUSH')!;
    expect(sms).toMatchObject({ status: 'SUCCESS', sendLimit: 5 });
    expect(push).toMatchObject({ status: 'UNSENT', sendLimit: 3 });
    expect(Date.parse(push.nextAttemptAt as string)).toBeGreaterThan(now.getTime() + 2 * 3600_000);
    expect((await env.outbox('WIN1')).map((e) => e.channel)).toEqual(['SMS']);
  });

  it('validates productCode (directly or mapped) and matches dispatch by product type and channel type', async () => {
    const loan = (requestNo: string, extra: Record<string, unknown>) => securityRequest(requestNo, 1, { bizType: 'LOANS', useTmpl: 'N', msgTitle: 't', msgContent: 'c', ...extra });

    const unknown = await env.send(loan('PROD0', { productCode: 'NOPE' }));
    expect(unknown).toMatchObject({ status: 422, retFlag: '30010' });
    expect(unknown.retMsg).toContain('productCode');
    for (const [requestNo, extra, config] of [
      ['PROD1', {}, 'LOANS_ANY'],
      ['PROD2', { productCode: 'OLD100' }, 'LOANS_CASH'],
      ['PROD3', { productCode: 'P100', channelNo: 'APP001' }, 'LOANS_CASH_H5'],
    ] as const) {
      expect((await env.send(loan(requestNo, extra))).retFlag).toBe('00000');
      await env.deliver(env.handlers.split, 'requestGeneral');
      expect((await env.sendRecords(requestNo))[0]).toMatchObject({ dispatchConfigId: config });
    }
  });

  it('a send type linked to a partner delivers with the partner\'s settings', async () => {
    expect((await env.send(securityRequest('PARTNER1', 1, { bizType: 'PARTNER_MQ', useTmpl: 'N', msgTitle: 't', msgContent: 'c' }))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');
    expect(await env.drain('mqOutbound')).toHaveLength(1);
    expect((await env.sendRecords('PARTNER1'))[0]).toMatchObject({ status: 'SUCCESS' });
  });

  it('honours business-type priority: at GREEN_LANE_MIN_PRIORITY a request takes the green lanes', async () => {
    expect((await env.send(securityRequest('URGENT1', 1, { bizType: 'URGENT', useTmpl: 'N', msgTitle: 't', msgContent: 'c' }))).retFlag).toBe('00000');
    expect(await env.deliver(env.handlers.split, 'requestGreen')).toHaveLength(1);
    expect(await env.deliver(env.handlers.sendSms, 'smsGreen')).toHaveLength(1);
    expect(await env.outbox('URGENT1')).toHaveLength(1);
  });

  it('checks template-rendered push text against the push limit: an over-long one is unsendable and says why', async () => {
    const body = securityRequest('LONG1', 1, { bizType: 'LONGPUSH', bizContent: JSON.stringify({ A: '长'.repeat(420) }) });
    expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    const [record] = await env.sendRecords('LONG1');
    expect(record!.recipients).toMatchObject([{ status: 'UNSENDABLE', error: expect.stringContaining('400') }]);
  });
});
