import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestKey } from '#adapters/dynamo/message-keys';
import type { SendLogEntry } from '#contracts/delivery-reports';
import { smsLogPartition, smsReportPartition } from '#adapters/dynamo/record-keys';
import { createSendLogStore } from '#adapters/dynamo/send-log-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { useTables, type TestTables } from '../support/tables.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { deliveryHandlerEnv, securityRequest, sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { DEMO_API_KEY, httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { reportFixtureJson } from '../support/fakes/report-fakes.ts';
import { EARLY_RETRY_LIMIT } from '#core/reports/ingest-status-report';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// Delivery truth through the exported handlers (DynamoDB Local + embedded SQS): the OUTBOX's receipts,
// the send log, the status reports, the outcome in the status API, the admin lists and the dashboard.

type SqsLambda = (event: ReturnType<typeof sqsEvent>, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse | void>;

const marketing = (requestNo: string, mobile: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'B1',
  pushType: 'SINGLE_ACCOUNT',
  // Every variable of MARKET_TMPL has a value (intake refuses a request that leaves one empty).
  bizContent: '{"A":"双十一活动","title":"活动通知"}',
  useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds: [{ userId: 'u0', mobile, custName: '张三' }],
});

describe('status reports, send log and delivery outcome (handlers)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let ingest: SqsLambda;
  let getStatus: (typeof import('../../functions/http/get-request-status.ts'))['handler'];
  let admin: AdminHandler;

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    // A gateway send type without a url: every send through it is refused at once (UNSENDABLE).
    const by = { by: 'test' };
    await env.config.put('sendType', { id: 'SMS_BROKEN_GW', name: '坏网关', channel: 'SMS', provider: 'HTTP_SMS', settings: {}, enabled: true }, by);
    await env.config.put('bizType', { code: 'BROKEN_BIZ', name: '坏网关业务', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await env.config.put('dispatchConfig', { id: 'BROKEN', name: '坏网关', enabled: true, priority: 10, match: { bizType: 'BROKEN_BIZ' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'BROKEN_SMS', dispatchConfigId: 'BROKEN', sendTypeId: 'SMS_BROKEN_GW', greenLane: false, enabled: true }, by);
    vi.resetModules();
    ingest = (await import('../../functions/queues/ingest-status-reports.ts')).handler as SqsLambda;
    getStatus = (await import('../../functions/http/get-request-status.ts')).handler;
    admin = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  });
  afterAll(async () => {
    await env?.stop();
  });

  const status = async (requestNo: string) =>
    readEnvelope(
      await getStatus(
        httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey: DEMO_API_KEY, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
        lambdaContext('getRequestStatus'),
      ),
    );
  const list = async (kind: string, query: Record<string, string>) => (await callAdmin(admin, 'GET', `/api/admin/records/${kind}`, { role: 'admin', query })).body.items ?? [];
  /** The OUTBOX's receipts arrive a couple of seconds after the send (a delayed SQS message). */
  const deliverReports = async (expected: number) => {
    let seen = 0;
    await waitFor(async () => ((seen += (await env.deliver(ingest, 'statusReports')).length) >= expected ? true : undefined), { what: 'OUTBOX receipts', idleMs: 10_000 });
  };
  const sendAndDeliver = async (body: unknown, queue: 'smsGeneral' | 'smsGreen' = 'smsGeneral') => {
    expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, (body as { bizType: string }).bizType === 'ACCOUNT_SECURITY' ? 'requestGreen' : 'requestGeneral');
    await env.deliver(env.handlers.sendSms, queue);
  };

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

  it("a single message's accepted call and final report ride on its send record's writes (no item of their own); the pages list them among the items, filtered and paged", async () => {
    await sendAndDeliver(marketing('DR_C1', '13361249250'));
    await sendAndDeliver({ ...marketing('DR_C2', '13361249251'), userIds: [{ userId: 'u1', mobile: '13361249251', custName: '李四' }, { userId: 'u2', mobile: '13361249252', custName: '王五' }] });
    await deliverReports(3);
    const [single] = await env.sendRecords('DR_C1');
    const [bulk] = await env.sendRecords('DR_C2');
    expect(bulk!.recipients).toHaveLength(2);
    const day = single!.createdAt.slice(0, 10);
    const itemsOf = async (pk: string, sendId: string) =>
      (await tables.doc.send(new QueryCommand({ TableName: tables.name('messages'), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :id)', ExpressionAttributeValues: { ':pk': pk, ':id': sendId } }))).Items ?? [];
    // The single message: no MSG_LOG or MSG_REPORT item; the bulk record's two calls and two reports are items.
    expect(await itemsOf(smsLogPartition.ofSend(day, single!.sendId), single!.sendId)).toEqual([]);
    expect(await itemsOf(smsReportPartition.ofSend(day, single!.sendId), single!.sendId)).toEqual([]);
    expect(await itemsOf(smsLogPartition.ofSend(day, bulk!.sendId), bulk!.sendId)).toHaveLength(2);
    expect(await itemsOf(smsReportPartition.ofSend(day, bulk!.sendId), bulk!.sendId)).toHaveLength(2);

    // Shown as the items they replace, wherever the pages look.
    const [call] = await list('sms-logs', { sendId: single!.sendId });
    expect(call).toMatchObject({ messageId: `${single!.sendId}#0`, provider: 'OUTBOX', outcome: 'ACCEPTED', to: '133****9250', requestNo: 'DR_C1', institution: 'OUTPLATFORM', sendTypeId: 'SMS_OUTBOX' });
    expect(call!.providerMessageId).toBe(`outbox:${single!.sendId}#0`);
    const [report] = await list('sms-reports', { sendId: single!.sendId });
    expect(report).toMatchObject({ source: 'OUTBOX', receiveStatus: 'DELIVERED', result: 'APPLIED', mobile: '13361249250', messageId: `${single!.sendId}#0`, requestNo: 'DR_C1' });
    const requestsIn = (rows: Record<string, unknown>[]) => rows.map((r) => r.requestNo).filter((no) => no === 'DR_C1' || no === 'DR_C2').sort();
    const today = { from: day, to: day };
    expect(requestsIn(await list('sms-logs', { ...today, provider: 'OUTBOX', limit: '100' }))).toEqual(['DR_C1', 'DR_C2', 'DR_C2']);
    // Non-matching rows are gone, carried or not.
    expect(requestsIn(await list('sms-logs', { ...today, mobile: '133 6124 9250' }))).toEqual(['DR_C1']);
    expect(requestsIn(await list('sms-logs', { ...today, mobile: '13361249252' }))).toEqual(['DR_C2']);
    expect(requestsIn(await list('sms-logs', { ...today, outcome: 'FAILED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await list('sms-logs', { ...today, provider: 'SNS_SMS', limit: '100' }))).toEqual([]);
    expect(requestsIn(await list('sms-reports', { ...today, mobile: '+86 13361249250' }))).toEqual(['DR_C1']);
    expect(requestsIn(await list('sms-reports', { ...today, receiveStatus: 'UNDELIVERED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await list('sms-reports', { ...today, result: 'UNMATCHED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await list('sms-reports', { ...today, result: 'APPLIED', limit: '100' }))).toEqual(['DR_C1', 'DR_C2', 'DR_C2']);

    // A day's rows page the same two at a time as in one go: carriers and items merged, none twice.
    const walk = async (kind: string) => {
      const seen: unknown[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await callAdmin(admin, 'GET', `/api/admin/records/${kind}`, { role: 'admin', query: { ...today, limit: '2', ...(cursor ? { cursor } : {}) } });
        seen.push(...(body.items as { id: unknown }[]).map((row) => row.id));
        cursor = body.cursor as string | undefined;
      } while (cursor);
      return seen;
    };
    for (const kind of ['sms-logs', 'sms-reports']) {
      const all = (await list(kind, { ...today, limit: '100' })).map((row) => row.id);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(await walk(kind)).toEqual(all);
    }

    // Another report of the same outcome (another event) is not the one the record holds: an item of its own.
    await env.sqs.client.send(new SendMessageCommand({
      QueueUrl: env.sqs.queues.statusReports!.url,
      MessageBody: JSON.stringify({ kind: 'report', source: 'OUTBOX', eventId: 'another-event', eventAt: new Date().toISOString(), status: 'DELIVERED', messageId: `${single!.sendId}#0` }),
    }));
    await env.deliver(ingest, 'statusReports');
    expect((await list('sms-reports', { requestNo: 'DR_C1' })).map((r) => r.result)).toEqual(['APPLIED', 'APPLIED']);
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
    await sqsPublisher(env.sqs.client).sendMany(env.sqs.queues.statusReports!.url, [...reports, ...reports.slice(0, 500)]);
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
