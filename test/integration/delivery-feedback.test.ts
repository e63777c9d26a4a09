import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { queryInterceptRecords } from '#adapters/dynamo/record-queries-logs';
import { signPayload } from '#core/callbacks/signature';
import { manifest } from '../../infra/manifest/index.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { LOCAL_REGION, localCredentials } from '../../infra/local/local-aws.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// SPEC §9 through npm start's runner: an inbound 退订 (gateway, signed) and a two-way SMS STOP
// blacklist the mobile for marketing but not for security alerts; the demo callback receiver gets
// one verified batch per finished request.

const SECRET_REF = 'message-platform/local/providers/demo-gateway';
let platform: LocalPlatform;
let gatewaySecret = '';

const api = async (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': DEMO_API_KEY }) => {
  const response = await fetch(`${platform.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, ...((await response.json()) as { head: { retFlag: string }; body: Record<string, unknown> }) };
};
const message = (requestNo: string, bizType: string, mobile: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType,
  bizId: 'B1',
  pushType: 'SINGLE_ACCOUNT',
  bizContent: '{"title":"t","A":"内容"}',
  useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds: [{ userId: `u-${mobile}`, mobile, deviceNo: `dev-${mobile}`, custName: '客户' }],
});
const doc = () => DynamoDBDocumentClient.from(platform.dynamo.client);
const outboxTo = async (requestNo: string) => (await queryOutbox(doc(), platform.resolved.table('messages'), { requestNo, limit: 50 })).items;
const blacklisted = async (mobile: string) =>
  (await createConfigStore(doc(), platform.resolved.table('config')).list('blacklist')).filter((e) => e.value === mobile).map((e) => e.bizType).sort();
/** What an unsubscribe blacklists: every business type of the configuration that is not critical. */
const nonCritical = async () =>
  (await createConfigStore(doc(), platform.resolved.table('config')).list('bizType')).filter((t) => !t.critical).map((t) => t.code).sort();

beforeAll(async () => {
  platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, demoCallbacks: true, onLog: () => undefined });
  const config = createConfigStore(doc(), platform.resolved.table('config'));
  await config.put('sendType', { id: 'GW_SMS', name: '网关短信', channel: 'SMS', provider: 'HTTP_SMS', enabled: true, settings: { url: 'http://127.0.0.1:9/sms', signingKeySecret: SECRET_REF } }, { by: 'test' });
  // The runner generates provider secrets on first read; the gateway and the platform share it.
  const secrets = new SecretsManagerClient({ endpoint: platform.runtimeEnvOf('smsInboundCallback').AWS_ENDPOINT_URL_SECRETS_MANAGER!, region: LOCAL_REGION, credentials: localCredentials });
  gatewaySecret = (await secrets.send(new GetSecretValueCommand({ SecretId: SECRET_REF }))).SecretString!;
}, scaledMs(180_000));
afterAll(async () => {
  await platform?.stop();
});

describe('delivery feedback through npm start\'s runner', () => {
  it('an inbound 退订 from the gateway blacklists the mobile for the marketing type, not for the critical one', async () => {
    const body = JSON.stringify({ messageId: `in-${Date.now()}`, mobile: '13911110001', content: '退订' });
    const unsigned = await api('/api/hcmsg/callbacks/sms/GW_SMS/inbound', body, {});
    expect(unsigned).toMatchObject({ status: 401, head: { retFlag: '20006' } });
    const at = Math.floor(Date.now() / 1000);
    const answer = await api('/api/hcmsg/callbacks/sms/GW_SMS/inbound', body, { 'x-hcmsg-timestamp': String(at), 'x-hcmsg-signature': signPayload(gatewaySecret, at, body) });
    expect(answer).toMatchObject({ status: 200, head: { retFlag: '00000' }, body: { unsubscribe: true } });
    const unsubscribed = await blacklisted('13911110001');
    expect(unsubscribed).toEqual(await nonCritical());
    expect(unsubscribed).toContain('MARKET_ACTIVITY');
    expect(unsubscribed).not.toContain('ACCOUNT_SECURITY');

    expect((await api('/api/hcmsg/sendMessage', message('FB-MKT-1', 'MARKET_ACTIVITY', '13911110001'))).head.retFlag).toBe('00000');
    expect((await api('/api/hcmsg/sendMessage', message('FB-SEC-1', 'ACCOUNT_SECURITY', '13911110001'))).head.retFlag).toBe('00000');
    await waitFor(async () => ((await outboxTo('FB-SEC-1')).some((e) => e.channel === 'SMS') ? true : undefined), { what: 'the security SMS', idleMs: 30_000 });
    const intercepted = await waitFor(
      async () => (await queryInterceptRecords(doc(), platform.resolved.table('messages'), { mobile: '13911110001', limit: 10 }, new Date())).items.find((r) => r.requestNo === 'FB-MKT-1'),
      { what: 'the marketing message intercepted', idleMs: 30_000 },
    );
    expect(intercepted).toMatchObject({ rule: 'BLACKLIST', reason: '上行退订: 退订' });
    expect(await outboxTo('FB-MKT-1')).toEqual([]);
  });

  it('a two-way SMS STOP (the topic delivers the documented payload raw into its queue) blacklists the same way', async () => {
    const payload = { originationNumber: '+8613911110002', destinationNumber: '+12125550101', messageKeyword: 'KEYWORD', messageBody: 'STOP', inboundMessageId: `aws-${Date.now()}` };
    await platform.sqs.client.send(new SendMessageCommand({ QueueUrl: platform.sqs.queues.inboundSms!.url, MessageBody: JSON.stringify(payload) }));
    const expected = await nonCritical();
    expect(expected).toContain('MARKET_ACTIVITY');
    expect(await waitFor(async () => ((await blacklisted('13911110002')).length === expected.length ? blacklisted('13911110002') : undefined), { what: 'the STOP blacklisting', idleMs: 30_000 })).toEqual(expected);
  });

  it('the demo callback receiver gets exactly one signed batch for a finished request, and verifies it', async () => {
    expect((await api('/api/hcmsg/sendMessage', message('FB-CB-1', 'ACCOUNT_SECURITY', '13911110003'))).head.retFlag).toBe('00000');
    const arrived = await waitFor(async () => platform.callbacks!.received.find((r) => (r.body as { requestNo?: string }).requestNo === 'FB-CB-1'), {
      what: 'the callback of FB-CB-1',
      idleMs: 60_000,
    });
    expect(arrived.verified).toBe(true);
    expect(arrived.body).toMatchObject({ institution: 'OUTPLATFORM', requestNo: 'FB-CB-1', outcome: 'DELIVERED', part: 1, parts: 1 });
    expect((arrived.body as { recipients: unknown[] }).recipients).toHaveLength(2);
    // Nothing more arrives for it (the last record's redeliveries, rescans).
    await new Promise((r) => setTimeout(r, scaledMs(3_000)));
    expect(platform.callbacks!.received.filter((r) => (r.body as { requestNo?: string }).requestNo === 'FB-CB-1')).toHaveLength(1);
  });
});
