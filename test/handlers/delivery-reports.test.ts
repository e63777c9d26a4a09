import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestKey } from '#adapters/dynamo/message-keys';
import type { SendLogEntry } from '#contracts/delivery-reports';
import { smsReportPartition } from '#adapters/dynamo/record-keys';
import { createSendLogStore } from '#adapters/dynamo/send-log-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { SqsMessages } from '#adapters/sqs-messages';
import { LOCAL_REGION, localCredentials } from '../../infra/local/local-aws.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { securityRequest, sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { marketing, reportHandlers, type SqsLambda } from '../support/report-handlers.ts';
import { reportFixtureJson } from '../support/fakes/report-fakes.ts';
import { EARLY_RETRY_LIMIT } from '#core/reports/ingest-status-report';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// Delivery truth through the exported handlers (DynamoDB Local + embedded SQS): the OUTBOX's receipts,
// the send log, the status reports, the outcome in the status API, the admin lists and the dashboard.

describe('status reports, send log and delivery outcome (handlers)', () => {
  let tables: TestTables;
  let h: Awaited<ReturnType<typeof reportHandlers>>;
  let env: typeof h.env;
  let ingest: SqsLambda;
  let admin: AdminHandler;

  beforeAll(async () => {
    tables = await useTables();
    h = await reportHandlers(tables);
    ({ env, ingest, admin } = h);
    // A gateway send type without a url: every send through it is refused at once (UNSENDABLE).
    const by = { by: 'test' };
    await env.config.put('sendType', { id: 'SMS_BROKEN_GW', name: '坏网关', channel: 'SMS', provider: 'HTTP_SMS', settings: {}, enabled: true }, by);
    await env.config.put('bizType', { code: 'BROKEN_BIZ', name: '坏网关业务', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await env.config.put('dispatchConfig', { id: 'BROKEN', name: '坏网关', enabled: true, priority: 10, match: { bizType: 'BROKEN_BIZ' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'BROKEN_SMS', dispatchConfigId: 'BROKEN', sendTypeId: 'SMS_BROKEN_GW', greenLane: false, enabled: true }, by);
  });
  afterAll(async () => {
    await env?.stop();
  });

  const status = (requestNo: string) => h.status(requestNo);
  const list = (kind: string, query: Record<string, string>) => h.list(kind, query);
  const deliverReports = (expected: number) => h.deliverReports(expected);
  const sendAndDeliver = (body: unknown, queue?: 'smsGeneral' | 'smsGreen') => h.sendAndDeliver(body, queue);

  it('send → SENT (PENDING) → the OUTBOX receipt → DELIVERED: status API, send log and report page agree', async () => {
    await sendAndDeliver(marketing('DR1', '13361249238'));
    const before = await status('DR1');
    expect(before.body).toMatchObject({ status: 'SUCCESS', outcome: 'PENDING' });
    expect((before.body.deliveries as { recipients: { status: string }[] }[])[0]!.recipients[0]!.status).toBe('SENT');

    await deliverReports(1);
    const after = await status('DR1');
    expect(after.body.outcome).toBe('DELIVERED');
    const [delivery] = after.body.deliveries as { outcome: string; recipients: { status: string; finalAt?: string; to: string }[] }[];
    expect(delivery).toMatchObject({ outcome: 'DELIVERED', recipients: [{ status: 'DELIVERED', to: '133****9238' }] });
    expect(delivery!.recipients[0]!.finalAt).toBeDefined();

    const logs = await list('sms-logs', { requestNo: 'DR1' });
    expect(logs).toEqual([expect.objectContaining({ provider: 'OUTBOX', outcome: 'ACCEPTED', to: '133****9238', sendTypeId: 'SMS_OUTBOX', channel: 'SMS' })]);
    expect(typeof logs[0]!.latencyMs).toBe('number');
    expect((await list('sms-logs', { mobile: '+86 133 6124 9238' })).map((l) => l.requestNo)).toContain('DR1');
    expect(await list('sms-logs', { sendId: String(logs[0]!.sendId), provider: 'OUTBOX' })).toHaveLength(1);
    const reports = await list('sms-reports', { requestNo: 'DR1' });
    expect(reports).toEqual([expect.objectContaining({ source: 'OUTBOX', receiveStatus: 'DELIVERED', result: 'APPLIED', requestNo: 'DR1' })]);

    // The same receipt again (SQS delivers at least once): one report, the recipient unchanged.
    await env.sqs.client.send(new SendMessageCommand({
      QueueUrl: env.sqs.queues.statusReports!.url,
      MessageBody: JSON.stringify({ kind: 'report', source: 'OUTBOX', eventId: String(logs[0]!.providerMessageId), eventAt: new Date().toISOString(), status: 'DELIVERED', providerMessageId: logs[0]!.providerMessageId }),
    }));
    await env.deliver(ingest, 'statusReports');
    expect(await list('sms-reports', { requestNo: 'DR1' })).toHaveLength(1);
  });

  it('a receipt that comes before its send was recorded comes back within seconds as a copy, spends no receive, and applies once the send is', async () => {
    const queue = env.sqs.queues.statusReports!.url;
    const splitOnly = async (requestNo: string) => {
      expect((await env.send(marketing(requestNo, '13361249239'))).retFlag).toBe('00000');
      await env.deliver(env.handlers.split, 'requestGeneral');
      return (await env.sendRecords(requestNo))[0]!.sendId;
    };
    const sendId = await splitOnly('DR_EARLY');
    const receipt = { kind: 'report', source: 'OUTBOX', eventId: `early-${sendId}`, eventAt: new Date().toISOString(), status: 'DELIVERED', messageId: `${sendId}#0` };
    await env.sqs.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: JSON.stringify(receipt) }));
    // Still UNSENT: the message is finished (no failure, so no receive spent) and a delayed copy queued.
    expect(await env.attempt(ingest, 'statusReports')).toBe(0);
    expect(await env.drain('statusReports')).toEqual([]);
    await env.deliver(env.handlers.sendSms, 'smsGeneral');
    const back = await waitFor(async () => {
      const bodies = (await env.drain('statusReports')).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
      return bodies.some((b) => b.eventId === receipt.eventId) ? bodies : undefined;
    }, { what: 'the early receipt back', idleMs: 10_000 });
    expect(back).toContainEqual({ ...receipt, earlyTries: 1 });
    for (const body of back) await env.sqs.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: JSON.stringify(body) }));
    expect(await env.attempt(ingest, 'statusReports')).toBe(0);
    expect((await status('DR_EARLY')).body.outcome).toBe('DELIVERED');
    const reports = await list('sms-reports', { requestNo: 'DR_EARLY' });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map((r) => [r.receiveStatus, r.result])).toEqual(reports.map(() => ['DELIVERED', 'APPLIED']));

    // One that has come back as often as it may fails like any message (SQS's receives, then the DLQ).
    const stuck = await splitOnly('DR_EARLY_STUCK');
    await env.sqs.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: JSON.stringify({ ...receipt, eventId: 'early-stuck', messageId: `${stuck}#0`, earlyTries: EARLY_RETRY_LIMIT }) }));
    expect(await env.attempt(ingest, 'statusReports')).toBe(1);
    await env.drain('statusReports');
    await env.drain('smsGeneral');
  });

  it('an UNDELIVERED test address ends FAILED in the outcome, the list filter and the dashboard', async () => {
    await sendAndDeliver(marketing('DR2', '13900000404'));
    await deliverReports(1);
    expect((await status('DR2')).body.outcome).toBe('FAILED');
    expect((await list('requests', { requestNo: 'DR2' }))[0]).toMatchObject({ status: 'SUCCESS', outcome: 'FAILED' });
    expect((await list('requests', { outcome: 'FAILED' })).map((r) => r.requestNo)).toContain('DR2');
    expect((await list('requests', { outcome: 'DELIVERED' })).map((r) => r.requestNo)).not.toContain('DR2');
    const board = (await callAdmin(admin, 'GET', '/api/admin/records/dashboard', { role: 'admin' })).body as Record<string, unknown>;
    expect((board.requestsByOutcome as Record<string, number>).FAILED).toBeGreaterThanOrEqual(1);
    expect(Object.keys(board.failuresByReason as object).some((reason) => reason.includes('测试地址'))).toBe(true);
    expect(board.deliveryRate).toBeGreaterThan(0);
  });

  it('a message that fails (UNSENDABLE) is FAILED in the status API, the requests list and the dashboard', async () => {
    await sendAndDeliver({ ...marketing('DR3', '13361249230'), bizType: 'BROKEN_BIZ', useTmpl: 'N', msgTitle: 't', msgContent: '内容' });
    const answer = await status('DR3');
    expect(answer.body).toMatchObject({ status: 'SUCCESS', outcome: 'FAILED' });
    expect((answer.body.deliveries as { status: string }[])[0]!.status).toBe('UNSENDABLE');
    expect((await list('requests', { requestNo: 'DR3' }))[0]!.outcome).toBe('FAILED');
    const detail = await callAdmin(admin, 'GET', '/api/admin/records/requests/OUTPLATFORM/DR3', { role: 'admin' });
    expect(detail.body.outcome).toBe('FAILED');
    const logs = await list('sms-logs', { requestNo: 'DR3' });
    expect(logs).toEqual([expect.objectContaining({ provider: 'HTTP_SMS', outcome: 'REJECTED' })]);
    const board = (await callAdmin(admin, 'GET', '/api/admin/records/dashboard', { role: 'admin' })).body as Record<string, unknown>;
    expect(Object.keys(board.failuresByReason as object).some((reason) => reason.includes('HTTP_SMS'))).toBe(true);
  });

  it('a request of several send records (SMS + push) gets its outcome rolled up once both are final', async () => {
    await sendAndDeliver(securityRequest('DR4', 1), 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    const stored = async () => (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', 'DR4') }))).Item!;
    expect((await stored()).outcome).toBe('PENDING');
    await deliverReports(1);
    expect((await stored()).outcome).toBe('DELIVERED');
    expect((await status('DR4')).body.outcome).toBe('DELIVERED');
  });

  it('SES and push events in their documented shapes: matched through the send log, unmatched kept, junk refused', async () => {
    await sendAndDeliver(marketing('DR5', '13361249231'));
    const [log] = await list('sms-logs', { requestNo: 'DR5' });
    // What the SES provider's call log writes for its message id (the provider itself needs SES).
    await createSendLogStore(tables.doc, tables.name('messages')).record(
      { ...(log as unknown as SendLogEntry), id: `${String(log!.messageId)}#ses`, provider: 'SES', providerMessageId: 'SES-MESSAGE-ID' },
      { byProviderId: true, carried: false },
    );
    const bounce = reportFixtureJson('ses-bounce.json');
    const push = reportFixtureJson('push-delivery-failure.envelope.json');
    const queue = env.sqs.queues.statusReports!;
    const result = (await ingest(sqsEvent(queue.arn, [
      { messageId: 'm1', body: JSON.stringify(bounce) },
      { messageId: 'm2', body: JSON.stringify(push) },
      { messageId: 'm3', body: JSON.stringify({ hello: 'world' }) },
    ]), lambdaContext('ingest'))) as SQSBatchResponse;
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    const [delivery] = (await status('DR5')).body.deliveries as { recipients: { status: string }[] }[];
    expect(delivery!.recipients[0]!.status).toBe('UNDELIVERED');
    const reports = await list('sms-reports', { requestNo: 'DR5' });
    expect(reports).toEqual([expect.objectContaining({ source: 'SES', receiveStatus: 'UNDELIVERED', result: 'APPLIED' })]);
    // An unmatched report is kept in the day of its event (the fixture's, 2026-12-01), whatever today is.
    const unmatched = await list('sms-reports', { result: 'UNMATCHED', from: '2026-12-01', to: '2026-12-01' });
    expect(unmatched.map((r) => r.source)).toContain('SNS_PUSH');
  });

  it('a flood of 10,000 reports through the queue: every one kept, duplicates once, nothing lost', { timeout: scaledMs(600_000) }, async () => {
    const day = '2026-11-30';
    const reports = Array.from({ length: 10_000 }, (_, i) => ({
      kind: 'report', source: 'SNS_SMS', eventId: `flood-${i}`, eventAt: `${day}T10:00:00.000Z`, status: i % 7 ? 'DELIVERED' : 'UNDELIVERED', providerMessageId: `flood-${i}`, address: '+8613800000000',
    }));
    const sender = new SqsMessages({ region: LOCAL_REGION, credentials: async () => localCredentials });
    await sqsPublisher(() => sender).sendMany(env.sqs.queues.statusReports!.url, [...reports, ...reports.slice(0, 500)]);
    // Consumers as Lambda runs them: four at a time, ten messages a batch, each batch deleted once handled.
    const queue = env.sqs.queues.statusReports!;
    const failures: string[] = [];
    let handled = 0;
    let idle = 0;
    const consumer = async () => {
      while (handled < 10_500 && idle < 20) {
        const { Messages = [] } = await env.sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
        if (Messages.length === 0) {
          idle++;
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        idle = 0;
        const answer = (await ingest(sqsEvent(queue.arn, Messages.map((m) => ({ messageId: m.MessageId!, body: m.Body! }))), lambdaContext('ingest'))) as SQSBatchResponse;
        const failed = new Set((answer.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failures.push(...failed);
        const done = Messages.filter((m) => !failed.has(m.MessageId!));
        if (done.length) await env.sqs.client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        handled += Messages.length;
      }
    };
    await Promise.all([consumer(), consumer(), consumer(), consumer()]);
    expect(handled).toBeGreaterThanOrEqual(10_500);
    expect(failures).toEqual([]);
    // Unmatched reports are spread over the day's shards (day-partition.ts): count them all.
    let count = 0;
    const { pk, shards = [pk] } = smsReportPartition.day(day);
    for (const shard of shards) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await tables.doc.send(new QueryCommand({ TableName: tables.name('messages'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': shard }, Select: 'COUNT', ExclusiveStartKey: start }));
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
    }
    expect(count).toBe(10_000);
  });
});
