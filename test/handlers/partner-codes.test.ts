import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver } from '../support/callback-receiver.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { deliveryHandlerEnv, securityRequest } from '../support/fakes/delivery-handler-env.ts';
import { loadPartnerCodesDemo } from '../../infra/local/demo/partner-codes.ts';

// 合作方编码映射 (MSG_COOPR_MAPPING) read where it matters: a send type delivering through a partner
// (合作方接口配置关联) sends the partner's codes for our template, business type and signature, through
// the real sendSms handler to a fake HTTP gateway (and the OUTBOX, in the demo configuration).

describe('partner code mappings (DynamoDB Local + embedded SQS + a fake SMS gateway)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let gateway: Awaited<ReturnType<typeof startCallbackReceiver>>;
  const by = { by: 'test' };

  /** bizType → SMS through `sendTypeId` (HTTP_SMS, linked to a partner) with `templateId`. */
  const route = async (bizType: string, templateId: string, sendTypeId = 'GW_SMS') => {
    await env.config.put('bizType', { code: bizType, name: bizType, enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await env.config.put('dispatchConfig', { id: bizType, name: bizType, enabled: true, priority: 10, match: { bizType }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: `${bizType}_SMS`, dispatchConfigId: bizType, sendTypeId, templateId, greenLane: false, enabled: true }, by);
  };
  const deliver = async (requestNo: string, bizType: string, overrides: Record<string, unknown> = {}) => {
    expect((await env.send(securityRequest(requestNo, 1, { bizType, ...overrides }))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendSms, 'smsGeneral');
    return (await env.sendRecords(requestNo))[0]!;
  };

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    gateway = await startCallbackReceiver();
    // The send type names no gateway: the partner's interface settings (its URL) apply.
    await env.config.put('sendType', { id: 'GW_SMS', name: '合作方短信', channel: 'SMS', provider: 'HTTP_SMS', settings: {}, enabled: true }, by);
    await env.config.put('partner', { code: 'GW_A', name: '短信合作方 A', provider: 'HTTP_SMS', settings: { url: gateway.url }, enabled: true }, by);
    await env.config.put('partnerLink', { id: 'GW_SMS-GW_A', sendTypeId: 'GW_SMS', partnerCode: 'GW_A', enabled: true }, by);
    await env.config.put('partnerMapping', { id: 'GW_A-TPL-SEC', partnerCode: 'GW_A', kind: 'TEMPLATE', ourCode: 'SECURITY_TMPL', partnerValue: 'SMS_778001' }, by);
    await env.config.put('partnerMapping', { id: 'GW_A-BIZ-NOTICE', partnerCode: 'GW_A', kind: 'BIZ_TYPE', ourCode: 'PARTNER_NOTICE', partnerValue: 'N01' }, by);
    await env.config.put('partnerMapping', { id: 'GW_A-SIGN', partnerCode: 'GW_A', kind: 'SIGN', ourCode: 'GW_SMS', partnerValue: '某某消费金融' }, by);
    // GW_B maps nothing: our codes go as they are.
    await env.config.put('partner', { code: 'GW_B', name: '短信合作方 B', provider: 'HTTP_SMS', settings: { url: gateway.url }, enabled: true }, by);
    await env.config.put('sendType', { id: 'GW_B_SMS', name: '合作方 B 短信', channel: 'SMS', provider: 'HTTP_SMS', settings: {}, enabled: true }, by);
    await env.config.put('partnerLink', { id: 'GW_B_SMS-GW_B', sendTypeId: 'GW_B_SMS', partnerCode: 'GW_B', enabled: true }, by);
    await route('PARTNER_B', 'SECURITY_TMPL', 'GW_B_SMS');
    await route('PARTNER_NOTICE', 'SECURITY_TMPL');
    await route('PARTNER_UNMAPPED', 'MARKET_TMPL');
    await loadPartnerCodesDemo(env.config);
  });
  afterAll(async () => {
    await gateway?.stop();
    await env?.stop();
  });

  it('sends the partner\'s template code, business type and signature to its gateway in place of ours', async () => {
    const record = await deliver('PC1', 'PARTNER_NOTICE');
    expect(record).toMatchObject({ status: 'SUCCESS', templateId: 'SECURITY_TMPL' });
    expect(gateway.received).toHaveLength(1);
    const body = JSON.parse(gateway.received[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ mobile: '13900000000', partner: 'GW_A', templateCode: 'SMS_778001', bizType: 'N01', signName: '某某消费金融', requestNo: 'PC1' });
    expect(body.content).toBe('尊敬的客户0，您的账户于今日登录');
  });

  it('a template the partner has no code for: UNSENDABLE naming partner, kind and code, and nothing reaches the gateway', async () => {
    const before = gateway.received.length;
    const record = await deliver('PC2', 'PARTNER_UNMAPPED', { bizContent: '{"A":"活动","title":"标题"}' });
    expect(record).toMatchObject({ status: 'UNSENDABLE', sendCount: 0 });
    expect(record.lastError).toMatch(/GW_A.*TEMPLATE.*MARKET_TMPL.*\(.*GW_A.*TEMPLATE.*MARKET_TMPL/);
    expect((record.recipients as { status: string; error?: string }[])[0]).toMatchObject({ status: 'UNSENDABLE', error: record.lastError });
    expect(gateway.received.length).toBe(before);
  });

  it('a kind the partner maps nothing of is sent as ours (no signature at all); without a template (useTmpl=N) no template code is sent', async () => {
    const before = gateway.received.length;
    expect(await deliver('PC3', 'PARTNER_B')).toMatchObject({ status: 'SUCCESS' });
    const ours = JSON.parse(gateway.received[before]!.body) as Record<string, unknown>;
    expect(ours).toMatchObject({ partner: 'GW_B', templateCode: 'SECURITY_TMPL', bizType: 'PARTNER_B' });
    expect(ours).not.toHaveProperty('signName');

    expect(await deliver('PC3N', 'PARTNER_NOTICE', { useTmpl: 'N', msgTitle: '提醒', msgContent: '自由文本' })).toMatchObject({ status: 'SUCCESS' });
    const free = JSON.parse(gateway.received[before + 1]!.body) as Record<string, unknown>;
    expect(free).toMatchObject({ partner: 'GW_A', bizType: 'N01', signName: '某某消费金融', content: '自由文本' });
    expect(free).not.toHaveProperty('templateCode');
  });

  it('the demo configuration: PARTNER_DEMO goes through partner DEMO_SMS_PARTNER and its OUTBOX entry shows the partner\'s codes', async () => {
    // As the README says: the seed's SMS example with bizType PARTNER_DEMO, useTmpl Y and a customer name.
    const example = readFileSync('test/contracts/examples/seed-sms.json', 'utf8')
      .replace('MARKET_ACTIVITY', 'PARTNER_DEMO')
      .replace('"useTmpl": "N"', '"useTmpl": "Y"')
      .replace('"custName": ""', '"custName": "张三"')
      .replace('20180309011111', 'PC4');
    expect((await env.send(JSON.parse(example))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendSms, 'smsGeneral');
    expect((await env.sendRecords('PC4'))[0]).toMatchObject({ status: 'SUCCESS' });
    const [entry] = await env.outbox('PC4');
    expect(entry!.content).toBe('尊敬的张三，测试业务数据体');
    expect(entry).toMatchObject({ channel: 'SMS', partner: { code: 'DEMO_SMS_PARTNER', templateCode: 'SMS_100001', signName: '演示金融' } });
  });
});
