import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsLogPartition, smsReportPartition } from '#adapters/dynamo/record-keys';
import { callAdmin } from '../support/admin-events.ts';
import { marketing, reportHandlers } from '../support/report-handlers.ts';
import { useTables, type TestTables } from '../support/tables.ts';

// The send log (MSG_LOG) and status report (MSG_REPORT) pages over what a single message's send
// record carries (core/delivery/carried-rows.ts) and the items the rest still get, through the
// exported handlers: what is stored, what the pages show, their filters and their paging.

describe('send log and report pages: rows a send record carries (handlers)', () => {
  let tables: TestTables;
  let h: Awaited<ReturnType<typeof reportHandlers>>;

  beforeAll(async () => {
    tables = await useTables();
    h = await reportHandlers(tables);
  });
  afterAll(async () => {
    await h?.env.stop();
  });

  it("a single message's accepted call and final report ride on its send record's writes (no item of their own); the pages list them among the items, filtered and paged", async () => {
    await h.sendAndDeliver(marketing('DR_C1', '13361249250'));
    await h.sendAndDeliver({ ...marketing('DR_C2', '13361249251'), userIds: [{ userId: 'u1', mobile: '13361249251', custName: '李四' }, { userId: 'u2', mobile: '13361249252', custName: '王五' }] });
    await h.deliverReports(3);
    const [single] = await h.env.sendRecords('DR_C1');
    const [bulk] = await h.env.sendRecords('DR_C2');
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
    const [call] = await h.list('sms-logs', { sendId: single!.sendId });
    expect(call).toMatchObject({ messageId: `${single!.sendId}#0`, provider: 'OUTBOX', outcome: 'ACCEPTED', to: '133****9250', requestNo: 'DR_C1', institution: 'OUTPLATFORM', sendTypeId: 'SMS_OUTBOX' });
    expect(call!.providerMessageId).toBe(`outbox:${single!.sendId}#0`);
    const [report] = await h.list('sms-reports', { sendId: single!.sendId });
    expect(report).toMatchObject({ source: 'OUTBOX', receiveStatus: 'DELIVERED', result: 'APPLIED', mobile: '13361249250', messageId: `${single!.sendId}#0`, requestNo: 'DR_C1' });
    const requestsIn = (rows: Record<string, unknown>[]) => rows.map((r) => r.requestNo).filter((no) => no === 'DR_C1' || no === 'DR_C2').sort();
    const today = { from: day, to: day };
    expect(requestsIn(await h.list('sms-logs', { ...today, provider: 'OUTBOX', limit: '100' }))).toEqual(['DR_C1', 'DR_C2', 'DR_C2']);
    // Non-matching rows are gone, carried or not.
    expect(requestsIn(await h.list('sms-logs', { ...today, mobile: '133 6124 9250' }))).toEqual(['DR_C1']);
    expect(requestsIn(await h.list('sms-logs', { ...today, mobile: '13361249252' }))).toEqual(['DR_C2']);
    expect(requestsIn(await h.list('sms-logs', { ...today, outcome: 'FAILED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await h.list('sms-logs', { ...today, provider: 'SNS_SMS', limit: '100' }))).toEqual([]);
    expect(requestsIn(await h.list('sms-reports', { ...today, mobile: '+86 13361249250' }))).toEqual(['DR_C1']);
    expect(requestsIn(await h.list('sms-reports', { ...today, receiveStatus: 'UNDELIVERED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await h.list('sms-reports', { ...today, result: 'UNMATCHED', limit: '100' }))).toEqual([]);
    expect(requestsIn(await h.list('sms-reports', { ...today, result: 'APPLIED', limit: '100' }))).toEqual(['DR_C1', 'DR_C2', 'DR_C2']);

    // A day's rows page the same two at a time as in one go: carriers and items merged, none twice.
    const walk = async (kind: string) => {
      const seen: unknown[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await callAdmin(h.admin, 'GET', `/api/admin/records/${kind}`, { role: 'admin', query: { ...today, limit: '2', ...(cursor ? { cursor } : {}) } });
        seen.push(...(body.items as { id: unknown }[]).map((row) => row.id));
        cursor = body.cursor as string | undefined;
      } while (cursor);
      return seen;
    };
    for (const kind of ['sms-logs', 'sms-reports']) {
      const all = (await h.list(kind, { ...today, limit: '100' })).map((row) => row.id);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(await walk(kind)).toEqual(all);
    }

    // Another report of the same outcome (another event) is not the one the record holds: an item of its own.
    await h.env.sqs.client.send(new SendMessageCommand({
      QueueUrl: h.env.sqs.queues.statusReports!.url,
      MessageBody: JSON.stringify({ kind: 'report', source: 'OUTBOX', eventId: 'another-event', eventAt: new Date().toISOString(), status: 'DELIVERED', messageId: `${single!.sendId}#0` }),
    }));
    await h.env.deliver(h.ingest, 'statusReports');
    expect((await h.list('sms-reports', { requestNo: 'DR_C1' })).map((r) => r.result)).toEqual(['APPLIED', 'APPLIED']);
  });
});
