import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptchaSendResult } from '#contracts/captcha';
import { useTables, type TestTables } from '#test/tables';
import { apiEvent, captchaHandlerEnv, envelopeOf, lambdaContext, type CaptchaHandlerEnv } from '#test/fakes/captcha-handler-env';
import { captchaKeys } from '#adapters/dynamo/captcha-keys';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { importFunction } from '#test/function-env';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let tables: TestTables;
let env: CaptchaHandlerEnv;
let send: HttpHandler;
let consume: QueueHandler;

beforeAll(async () => {
  tables = await useTables();
  env = await captchaHandlerEnv(tables);
  // Each with the environment its stack gives it, nothing of the other's.
  send = await importFunction<HttpHandler>('captchaSend', env.resolved);
  consume = await importFunction<QueueHandler>('sendSms', env.resolved);
});
afterAll(async () => {
  await env?.stop();
});

const sqsEvent = (body: unknown): SQSEvent => ({
  Records: [
    {
      messageId: randomUUID(),
      receiptHandle: 'r',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:smsGreen',
      awsRegion: 'us-east-1',
    },
  ],
});

describe('send-sms consumer, captcha messages', () => {
  it('delivers a queued code once: the same message twice leaves one OUTBOX entry and a SUCCESS record', async () => {
    const phone = '13600000001';
    const sent = envelopeOf<CaptchaSendResult>(
      await send(apiEvent('/api/hcmsg/captcha/send', { reqId: `D-${Date.now()}`, phoneNm: phone, bizCode: 'QUEUED' }), lambdaContext('captchaSend')),
    );
    expect(sent.head.retFlag).toBe('00000');
    const message = { kind: 'captcha', institution: 'OUTPLATFORM', captchaId: sent.body.captchaId };
    expect(await consume(sqsEvent(message), lambdaContext('sendSms'))).toEqual({ batchItemFailures: [] });
    expect(await consume(sqsEvent(message), lambdaContext('sendSms'))).toEqual({ batchItemFailures: [] });

    const entries = await queryOutbox(tables.doc, tables.name('messages'), { to: phone, limit: 10 });
    expect(entries.items).toHaveLength(1);
    expect(entries.items[0]!.content).toContain(`验证码 ${sent.body.checkCode}（`);
    const record = (await tables.doc.send(new GetCommand({ TableName: tables.name('captcha'), Key: { pk: captchaKeys.record({ institution: 'OUTPLATFORM', captchaId: sent.body.captchaId }), sk: 'META' } }))).Item!;
    expect(record.status).toBe('SUCCESS');
    expect(record.sealedContent).toBeUndefined();
  });
});
