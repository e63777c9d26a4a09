import { gzipSync } from 'node:zlib';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, CloudWatchLogsEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { signPayload } from '#core/callbacks/signature';
import { importFunction, localFunctionResources } from '../support/function-env.ts';
import { httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { reportFixture } from '../support/fakes/report-fakes.ts';
import { useTables } from '../support/tables.ts';

// The two sources that reach us by calling a function: the HTTP gateway's signed receipt callback
// and the CloudWatch Logs subscription on SNS's SMS delivery-status logs. Both only queue reports.

const SECRET = 'message-platform/test/providers/gateway-key';
const KEY = 'gateway-callback-key';

describe('report sources that call us (handlers, embedded SQS, local Secrets Manager)', () => {
  let resources: Awaited<ReturnType<typeof localFunctionResources>>;
  let callback: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  let logs: (event: CloudWatchLogsEvent, context: Context) => Promise<void>;

  beforeAll(async () => {
    const tables = await useTables();
    resources = await localFunctionResources(tables, ['statusReports'], 'test/unused');
    resources.secrets.set(SECRET, KEY);
    const config = createConfigStore(tables.doc, tables.name('config'));
    await config.put('sendType', { id: 'GW_SMS', name: '网关', channel: 'SMS', provider: 'HTTP_SMS', settings: { url: 'http://127.0.0.1:9/send', signingKeySecret: SECRET }, enabled: true }, { by: 'test' });
    await config.put('sendType', { id: 'OUTBOX_SMS', name: 'outbox', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true }, { by: 'test' });
    callback = await importFunction('receiveGatewayReports', resources.resolved);
    logs = await importFunction('receiveSmsDeliveryLogs', resources.resolved);
  });
  afterAll(async () => {
    await resources?.stop();
  });

  const queued = async () => {
    const { Messages = [] } = await resources.sqs.client.send(new ReceiveMessageCommand({ QueueUrl: resources.resolved.queueUrl('statusReports'), MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    return Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
  };
  const post = async (sendTypeId: string, body: string, headers: Record<string, string>) => {
    const event = httpEvent('POST', `/api/hcmsg/callbacks/sms/${sendTypeId}`, { body, routeKey: 'POST /api/hcmsg/callbacks/sms/{sendTypeId}', pathParameters: { sendTypeId } });
    return readEnvelope(await callback({ ...event, headers: { ...event.headers, ...headers } }, lambdaContext('receiveGatewayReports')));
  };
  const signed = (body: string, at = Math.floor(Date.now() / 1000), key = KEY) => ({ 'x-hcmsg-timestamp': String(at), 'x-hcmsg-signature': signPayload(key, at, body) });
  const receipts = JSON.stringify({
    reports: [
      { messageId: '20261201080000000abcdefgh0123456789#0', providerMessageId: 'gw-1', mobile: '13361249238', status: 'DELIVERED', reportTime: '2026-12-01T08:00:05+08:00' },
      { messageId: '20261201080000000abcdefgh0123456789#1', providerMessageId: 'gw-2', mobile: '13361249239', status: 'UNDELIVERED', errorCode: 'MK:0001', reportTime: '2026-12-01T08:00:06+08:00' },
    ],
  });

  it('a bad, missing, stale or foreign signature is 401 and nothing is queued', async () => {
    const cases = [
      await post('GW_SMS', receipts, {}),
      await post('GW_SMS', receipts, signed(receipts, undefined, 'another-key')),
      await post('GW_SMS', receipts, signed(receipts, Math.floor(Date.now() / 1000) - 3600)),
      await post('GW_SMS', receipts, { ...signed(receipts), 'x-hcmsg-signature': 'zz' }),
      await post('OUTBOX_SMS', receipts, signed(receipts)),
      await post('NO_SUCH', receipts, signed(receipts)),
      await post('GW_SMS', `${receipts} `, signed(receipts)),
    ];
    expect(cases.map((c) => [c.status, c.retFlag])).toEqual(Array.from({ length: 7 }, () => [401, '20006']));
    expect(cases[0]!.retMsg).toContain('X-Hcmsg-Signature');
    expect(await queued()).toEqual([]);
  });

  it('a signed but malformed body is 400 naming the field; nothing is queued', async () => {
    const notJson = '{"reports": [';
    expect(await post('GW_SMS', notJson, signed(notJson))).toMatchObject({ status: 400, retFlag: '10002' });
    const noStatus = JSON.stringify({ reports: [{ messageId: 'm#0', reportTime: '2026-12-01T08:00:05Z' }] });
    const answer = await post('GW_SMS', noStatus, signed(noStatus));
    expect([answer.status, answer.retFlag]).toEqual([400, '10001']);
    expect(answer.retMsg).toContain('status');
    expect(await queued()).toEqual([]);
  });

  it('signed receipts are queued as status reports (a replay inside the window is the same reports)', async () => {
    const answer = await post('GW_SMS', receipts, signed(receipts));
    expect([answer.status, answer.retFlag, answer.body]).toEqual([200, '00000', { received: 2 }]);
    const reports = await queued();
    expect(reports).toEqual([
      expect.objectContaining({ kind: 'report', source: 'HTTP_SMS', status: 'DELIVERED', messageId: '20261201080000000abcdefgh0123456789#0', eventAt: '2026-12-01T00:00:05.000Z' }),
      expect.objectContaining({ status: 'UNDELIVERED', detail: 'MK:0001' }),
    ]);
  });

  it('SNS SMS delivery-status log events from the CloudWatch Logs subscription are queued as reports', async () => {
    const data = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'sns/ap-east-1/123456789012/DirectPublishToPhoneNumber',
      logStream: 'stream',
      subscriptionFilters: ['sms-delivery'],
      logEvents: [
        { id: 'ev-1', timestamp: 1764578434558, message: reportFixture('sns-sms-success.log.json') },
        { id: 'ev-2', timestamp: 1764578460000, message: reportFixture('sns-sms-failure.log.json') },
      ],
    };
    await logs({ awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } }, lambdaContext('receiveSmsDeliveryLogs'));
    expect(await queued()).toEqual([
      expect.objectContaining({ source: 'SNS_SMS', eventId: 'ev-1', status: 'DELIVERED', providerMessageId: 'SNS-SMS-MESSAGE-ID' }),
      expect.objectContaining({ source: 'SNS_SMS', eventId: 'ev-2', status: 'UNDELIVERED' }),
    ]);
  });
});
