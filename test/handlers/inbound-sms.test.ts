import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { queryUpstream } from '#adapters/dynamo/upstream-store';
import { signPayload } from '#core/callbacks/signature';
import { loadPipelineDemo } from '../../infra/local/demo/pipeline.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { importFunction, localFunctionResources } from '../support/function-env.ts';
import { sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { useTables, type TestTables } from '../support/tables.ts';

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type SqsLambda = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const GATEWAY_SECRET_REF = 'message-platform/test/providers/gateway-sign';
const GATEWAY_SECRET = 'gateway-shared-secret';
const PATH = '/api/hcmsg/callbacks/sms/GW_SMS/inbound';

describe('inbound SMS (上行): the gateway callback and AWS two-way SMS, through the real handlers', () => {
  let tables: TestTables;
  let resources: Awaited<ReturnType<typeof localFunctionResources>>;
  let inbound: HttpLambda;
  let twoWay: SqsLambda;
  let admin: AdminHandler;

  const post = (body: string, headers: Record<string, string> = {}) => {
    const event = httpEvent('POST', PATH, { body, pathParameters: { sendTypeId: 'GW_SMS' } });
    return inbound({ ...event, headers: { ...event.headers, ...headers } }, lambdaContext('smsInboundCallback')).then(readEnvelope);
  };
  const signed = (body: string, at = Math.floor(Date.now() / 1000), secret = GATEWAY_SECRET) => post(body, { 'x-hcmsg-timestamp': String(at), 'x-hcmsg-signature': signPayload(secret, at, body) });
  const stored = async (mobile: string) => (await queryUpstream(tables.doc, tables.name('messages'), { mobile, limit: 50 }, new Date())).items;
  const blacklist = async () => (await createConfigStore(tables.doc, tables.name('config')).list('blacklist')).map((e) => `${e.value}#${e.bizType ?? '*'}`).sort();

  beforeAll(async () => {
    tables = await useTables();
    resources = await localFunctionResources(tables, ['inboundSms', 'callbackDelivery'], 'test/callbackKey');
    resources.secrets.set(GATEWAY_SECRET_REF, GATEWAY_SECRET);
    const config = createConfigStore(tables.doc, tables.name('config'));
    await loadPipelineDemo(config);
    await config.put('sendType', { id: 'GW_SMS', name: '网关短信', channel: 'SMS', provider: 'HTTP_SMS', enabled: true, settings: { url: 'http://127.0.0.1:9/sms', signingKeySecret: GATEWAY_SECRET_REF } }, { by: 'test' });
    inbound = await importFunction<HttpLambda>('smsInboundCallback', resources.resolved);
    twoWay = await importFunction<SqsLambda>('receiveInboundSms', resources.resolved);
    admin = await importFunction<AdminHandler>('adminDelivery', resources.resolved);
  });
  afterAll(async () => {
    await resources?.stop();
  });

  it('refuses a callback without a signature, with a wrong one or an old timestamp (401 20006) and stores nothing', async () => {
    const body = JSON.stringify({ messageId: 'm-unsigned', mobile: '13800000001', content: '退订' });
    for (const answer of [
      await post(body),
      await post(body, { 'x-hcmsg-timestamp': String(Math.floor(Date.now() / 1000)), 'x-hcmsg-signature': 'v1=00' }),
      await signed(body, Math.floor(Date.now() / 1000), 'another-secret'),
      await signed(body, Math.floor(Date.now() / 1000) - 3600),
    ]) {
      expect(answer).toMatchObject({ status: 401, retFlag: '20006' });
      expect(answer.retMsg).toMatch(/签名/);
    }
    expect(await stored('13800000001')).toEqual([]);
    expect(await blacklist()).toEqual([]);
  });

  it('answers a signed but malformed body 400 naming the problem', async () => {
    expect(await signed('{not json')).toMatchObject({ status: 400, retFlag: '10002' });
    const missing = await signed(JSON.stringify({ messageId: 'm-bad', content: 'hi' }));
    expect(missing).toMatchObject({ status: 400, retFlag: '10001' });
    expect(missing.retMsg).toContain('mobile');
  });

  it('a signed 退订 blacklists the mobile for the non-critical business types only, audited with the message; a replay stores nothing new', async () => {
    const body = JSON.stringify({ messageId: 'm-1', mobile: '+86 138-0000-0002', content: ' 退订 ' });
    const answer = await signed(body);
    expect(answer).toMatchObject({ status: 200, retFlag: '00000', body: { outcome: 'stored', unsubscribe: true } });
    // ACCOUNT_SECURITY is critical: its alerts keep reaching the mobile.
    expect(await blacklist()).toEqual(['13800000002#DISABLED_DEMO', '13800000002#MARKET_ACTIVITY']);
    const entry = await createConfigStore(tables.doc, tables.name('config')).get('blacklist', 'MOBILE#13800000002#MARKET_ACTIVITY');
    expect(entry?.reason).toBe('上行退订: 退订');
    const audit = await callAdmin(admin, 'GET', '/api/admin/delivery/upstream', { query: { mobile: '13800000002' } });
    expect(audit.body.items).toMatchObject([{ id: 'GATEWAY#GW_SMS#m-1', mobile: '13800000002', keyword: '退订', unsubscribe: true, blacklistedFor: ['DISABLED_DEMO', 'MARKET_ACTIVITY'] }]);

    // The gateway retries (a lost answer): same id, signed again later.
    expect(await signed(body, Math.floor(Date.now() / 1000) + 5)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await stored('13800000002')).toHaveLength(1);
  });

  it('stores an ordinary text without blacklisting and lists it by day and keyword', async () => {
    expect(await signed(JSON.stringify({ messageId: 'm-2', mobile: '13800000003', content: '你好' }))).toMatchObject({ status: 200, body: { unsubscribe: false } });
    expect((await blacklist()).filter((e) => e.startsWith('13800000003'))).toEqual([]);
    const day = new Date().toISOString().slice(0, 10);
    const byKeyword = await callAdmin(admin, 'GET', '/api/admin/delivery/upstream', { query: { day, keyword: '你好' } });
    expect(byKeyword.body.items?.map((i) => i.id)).toEqual(['GATEWAY#GW_SMS#m-2']);
  });

  it('an AWS two-way SMS message (the documented SNS payload, delivered raw) is stored; STOP unsubscribes', async () => {
    const payload = {
      originationNumber: '+8613800000004',
      destinationNumber: '+12125550101',
      messageKeyword: 'JOIN',
      messageBody: 'stop',
      inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      previousPublishedMessageId: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const event = sqsEvent(resources.sqs.queues.inboundSms!.arn, [{ messageId: 'q1', body: JSON.stringify(payload) }]);
    expect((await twoWay(event, lambdaContext('receiveInboundSms'))).batchItemFailures).toEqual([]);
    // Delivered twice, as SQS may.
    expect((await twoWay(event, lambdaContext('receiveInboundSms'))).batchItemFailures).toEqual([]);
    expect(await stored('13800000004')).toMatchObject([{ id: 'AWS_SMS#cae173d2-66b9-564c-8309-21f858e9fb84', source: 'AWS_SMS', keyword: 'STOP', unsubscribe: true }]);
    expect((await blacklist()).filter((e) => e.startsWith('13800000004'))).toEqual(['13800000004#DISABLED_DEMO', '13800000004#MARKET_ACTIVITY']);
  });
});
