import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { expect, vi } from 'vitest';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { createRequestStatusQuery } from '#adapters/dynamo/request-status-query';
import { envKey } from '../../../infra/manifest/bindings.ts';
import { manifest } from '../../../infra/manifest/index.ts';
import { startSqs, type LocalSqs } from '../../../infra/local/sqs.ts';
import { localAwsEnv, type TestTables } from '../tables.ts';
import { DEMO_API_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from './intake-handler-env.ts';

type SqsLambda = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
type ScheduleLambda = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export const sqsEvent = (queueArn: string, messages: { messageId: string; body: string; receiveCount?: number }[]): SQSEvent => ({
  Records: messages.map((m) => ({
    messageId: m.messageId,
    receiptHandle: m.messageId,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount ?? 1),
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  })),
});

export const scheduledEvent = (time: Date): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  account: '000000000000',
  time: time.toISOString(),
  region: 'us-east-1',
  resources: [],
  detail: {},
});

/**
 * The whole pipeline's environment for handler tests: DynamoDB Local tables, an embedded SQS with
 * every manifest queue, the demo configuration, and the real exported handlers.
 */
export const deliveryHandlerEnv = async (tables: TestTables) => {
  const requestSqs = await intakeHandlerEnv(tables);
  await requestSqs.stop();
  const sqs: LocalSqs = await startSqs({ ...manifest, functions: manifest.functions }, { prefix: `d${randomUUID().slice(0, 6)}` });
  const queueEnv = Object.fromEntries(Object.entries(sqs.queues).map(([name, q]) => [envKey.queueUrl(name), q.url]));
  Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), queueEnv, {
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    BUCKET_ATTACHMENTS: 'attachments',
    // Read by the captcha kind on the SMS lanes only; these tests send no captcha.
    SECRET_CAPTCHA_KEY_ID: 'test/captchaKey',
    PROVIDER_SECRET_PREFIX: 'message-platform/test/providers/',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  vi.resetModules();
  const handlers = {
    sendMessage: (await import('../../../functions/http/send-message.ts')).handler,
    split: (await import('../../../functions/queues/split-request.ts')).handler as SqsLambda,
    sendSms: (await import('../../../functions/queues/send-sms.ts')).handler as SqsLambda,
    sendPush: (await import('../../../functions/queues/send-push.ts')).handler as SqsLambda,
    sendEmail: (await import('../../../functions/queues/send-email.ts')).handler as SqsLambda,
    sendMq: (await import('../../../functions/queues/send-mq.ts')).handler as SqsLambda,
    rescanRequests: (await import('../../../functions/schedules/rescan-requests.ts')).handler as ScheduleLambda,
    rescanSendRecords: (await import('../../../functions/schedules/rescan-send-records.ts')).handler as ScheduleLambda,
  };
  // The handlers' own instance of the SQS sender's module (the registry was reset for them).
  const { SqsError, SqsMessages } = await import('../../../layers/adapters/sqs-messages.ts');
  const config: ConfigStore = createConfigStore(tables.doc, tables.name('config'));

  const send = async (body: unknown) =>
    readEnvelope(await handlers.sendMessage(httpEvent('POST', '/api/hcmsg/sendMessage', { body: JSON.stringify(body), apiKey: DEMO_API_KEY }), lambdaContext('sendMessage')));

  const drain = async (queue: string): Promise<Message[]> => {
    const out: Message[] = [];
    for (;;) {
      const { Messages } = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queues[queue]!.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
      if (!Messages?.length) return out;
      out.push(...Messages);
    }
  };

  /** Hands each message of `queue` to `handler` `times` times (SQS delivers at least once); returns the bodies. */
  const deliver = async (handler: SqsLambda, queue: string, times = 1): Promise<unknown[]> => {
    const messages = await drain(queue);
    for (let round = 0; round < times; round++) {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10).map((m) => ({ messageId: m.MessageId!, body: m.Body!, receiveCount: round + 1 }));
        const result = await handler(sqsEvent(sqs.queues[queue]!.arn, batch), lambdaContext(queue));
        if (result && result.batchItemFailures.length > 0) throw new Error(`${queue}: ${result.batchItemFailures.length} messages failed`);
      }
    }
    return messages.map((m) => JSON.parse(m.Body!) as unknown);
  };

  /**
   * Hands each message of `queue` to `handler` once and puts the ones it did not finish back on the
   * queue, as SQS does after the visibility timeout; returns how many those were. A handler that
   * throws (a consumer dying mid-batch) leaves every message of the batch unfinished. `receiveCount`:
   * which delivery of the messages this is (a redelivery's send claims even through the OUTBOX).
   */
  const attempt = async (handler: SqsLambda, queue: string, receiveCount = 1): Promise<number> => {
    const messages = await drain(queue);
    if (messages.length === 0) return 0;
    const batch = messages.map((m) => ({ messageId: m.MessageId!, body: m.Body!, receiveCount }));
    let unfinished: string[];
    try {
      const result = await handler(sqsEvent(sqs.queues[queue]!.arn, batch), lambdaContext(queue));
      unfinished = (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    } catch {
      unfinished = batch.map((m) => m.messageId);
    }
    for (const m of messages.filter((m) => unfinished.includes(m.MessageId!))) {
      await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queues[queue]!.url, MessageBody: m.Body! }));
    }
    return unfinished.length;
  };

  /**
   * DynamoDB refuses the document-client writes `refuse` picks (the AWS SDK is stubbed, not our code):
   * with failSqs, a consumer that dies between its writes.
   */
  const failDynamo = (refuse: (command: string, input: Record<string, unknown>) => boolean) => {
    const original = DynamoDBDocumentClient.prototype.send;
    const spy = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, ...args: Parameters<DynamoDBDocumentClient['send']>) {
      const command = args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
      if (refuse(command.constructor.name, command.input)) return Promise.reject(Object.assign(new Error('DynamoDB unavailable'), { name: 'InternalServerError' }));
      return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args) as never;
    });
    return () => spy.mockRestore();
  };

  /**
   * SQS refuses the next `times` calls of one operation from any function (an outage, or a consumer
   * dying at that point: what is stored is the same), after the sender's own retries: the sender's
   * transport (sqs-messages.ts, where the SDK client's `send` was stubbed before) refuses, not our code.
   */
  const failSqs = (operation: 'SendMessage' | 'SendMessageBatch', times = 1) => {
    const method = operation === 'SendMessage' ? 'sendMessage' : 'sendMessageBatch';
    const original = SqsMessages.prototype[method];
    let left = times;
    const spy = vi.spyOn(SqsMessages.prototype, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (left > 0) {
        left--;
        return Promise.reject(new SqsError('ServiceUnavailable', 'SQS unavailable', 503));
      }
      return (original as (...a: unknown[]) => Promise<never>).apply(this, args);
    } as never);
    return () => spy.mockRestore();
  };

  /**
   * A security request (one SMS, one push) split and its push sent; then its SMS consumer sends and
   * dies before the outcome's write lands, and its message is lost. `receiveCount` 2: a redelivered
   * copy, which claims (SENDING) first; 1: a first one, which through the OUTBOX does not.
   */
  const sendAndDieBeforeOutcome = async (requestNo: string, receiveCount: number) => {
    expect((await send(securityRequest(requestNo, 1))).retFlag).toBe('00000');
    await deliver(handlers.split, 'requestGreen');
    await deliver(handlers.sendPush, 'pushGreen');
    const restore = failDynamo((command, input) => command === 'PutCommand' && (input.Item as Record<string, unknown>).status === 'SUCCESS');
    try {
      await attempt(handlers.sendSms, 'smsGreen', receiveCount);
    } finally {
      restore();
    }
    await drain('smsGreen');
  };

  // Read through the adapters, so these helpers follow the documented key layout.
  const outbox = async (requestNo: string) => (await queryOutbox(tables.doc, tables.name('messages'), { requestNo, limit: 1000 })).items;
  const sendRecords = async (requestNo: string) => {
    const status = createRequestStatusQuery(tables.doc, tables.name('messages'));
    const request = await status.findRequest('OUTPLATFORM', requestNo);
    return request ? status.sendRecords(request) : [];
  };

  return {
    sqs,
    config,
    handlers,
    send,
    drain,
    deliver,
    attempt,
    failSqs,
    failDynamo,
    sendAndDieBeforeOutcome,
    outbox,
    sendRecords,
    stop: () => sqs.stop(),
  };
};

export const securityRequest = (requestNo: string, users: number, overrides: Record<string, unknown> = {}) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'ACCOUNT_SECURITY',
  bizId: 'B1',
  pushType: users > 1 ? 'MULTI_ACCOUNT' : 'SINGLE_ACCOUNT',
  bizContent: '{"A":"您的账户于今日登录"}',
  useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds: Array.from({ length: users }, (_, i) => ({
    userId: `u${i}`,
    mobile: `139${String(i).padStart(8, '0')}`,
    deviceNo: `device-${i}`,
    custName: `客户${i}`,
  })),
  ...overrides,
});
