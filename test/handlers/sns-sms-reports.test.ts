import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerMessageKey } from '#adapters/dynamo/record-keys';
import { createRecipientIndexStore } from '#adapters/dynamo/recipient-index-store';
import { createSendLogStore } from '#adapters/dynamo/send-log-store';
import { fromSnsSmsLog } from '#core/reports/report-sources';
import { sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { reportFixture } from '../support/fakes/report-fakes.ts';
import { marketing, reportHandlers } from '../support/report-handlers.ts';
import { useTables, type TestTables } from '../support/tables.ts';

// SNS SMS through the real provider adapter (an SNS endpoint that answers Publish as SNS does) and its
// delivery-status log back through report ingestion: the report names SNS's message id and the
// destination number, never ours, and finds the record through the recipient index the split wrote
// for that number (core/delivery/address-match.ts), so the send stores no provider-id lookup.

/** Answers SNS Publish (AWS query protocol) with a fresh message id; remembers the numbers. */
const fakeSns = async () => {
  const published: { phone: string; messageId: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const messageId = `sns-${published.length + 1}-0a1b2c3d`;
      published.push({ phone: form.get('PhoneNumber') ?? '', messageId });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>r-${published.length}</RequestId></ResponseMetadata></PublishResponse>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, published, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** SNS's delivery-status log line (the documented shape, test/support/fixtures/reports/) for one message. */
const deliveryLog = (messageId: string, destination: string, status: 'SUCCESS' | 'FAILURE', at: Date) => {
  const log = JSON.parse(reportFixture(status === 'SUCCESS' ? 'sns-sms-success.log.json' : 'sns-sms-failure.log.json')) as { notification: Record<string, string>; delivery: Record<string, unknown> };
  log.notification.messageId = messageId;
  log.notification.timestamp = at.toISOString().replace('T', ' ').replace('Z', '');
  log.delivery.destination = destination;
  return JSON.stringify(log);
};

describe('SNS SMS reports found by the destination number (handlers, DynamoDB Local)', () => {
  let tables: TestTables;
  let h: Awaited<ReturnType<typeof reportHandlers>>;
  let sns: Awaited<ReturnType<typeof fakeSns>>;
  const endpointBefore = process.env.AWS_ENDPOINT_URL_SNS;

  beforeAll(async () => {
    tables = await useTables();
    h = await reportHandlers(tables);
    sns = await fakeSns();
    process.env.AWS_ENDPOINT_URL_SNS = sns.url;
    const by = { by: 'test' };
    await h.env.config.put('sendType', { id: 'SMS_SNS', name: 'SNS 短信', channel: 'SMS', provider: 'SNS_SMS', settings: {}, enabled: true }, by);
    await h.env.config.put('bizType', { code: 'SNS_BIZ', name: 'SNS 业务', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await h.env.config.put('dispatchConfig', { id: 'SNS_CFG', name: 'SNS', enabled: true, priority: 10, match: { bizType: 'SNS_BIZ' }, sendLimit: 3 }, by);
    await h.env.config.put('dispatchMethod', { id: 'SNS_SMS_M', dispatchConfigId: 'SNS_CFG', sendTypeId: 'SMS_SNS', greenLane: false, enabled: true }, by);
  });
  afterAll(async () => {
    if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
    else process.env.AWS_ENDPOINT_URL_SNS = endpointBefore;
    await sns?.stop();
    await h?.env.stop();
  });

  const snsRequest = (requestNo: string, mobile: string) => ({ ...marketing(requestNo, mobile), bizType: 'SNS_BIZ', useTmpl: 'N', msgTitle: '通知', msgContent: '您的账单已出 (your bill is ready)' });
  const ingestLogs = async (lines: string[]) => {
    const reports = lines.map((line, i) => fromSnsSmsLog(`ev-${Date.now()}-${i}`, line)!);
    const queue = h.env.sqs.queues.statusReports!;
    return h.ingest(sqsEvent(queue.arn, reports.map((r, i) => ({ messageId: `m${i}`, body: JSON.stringify(r) }))), lambdaContext('ingest'));
  };

  it('send through SNS → SENT with no lookup item → the delivery log of that number → DELIVERED, the report on the report page', async () => {
    await h.sendAndDeliver(snsRequest('SN1', '13361249501'));
    expect(sns.published).toEqual([{ phone: '+8613361249501', messageId: expect.stringMatching(/^sns-1-/) }]);
    const { messageId } = sns.published[0]!;
    const sent = await h.status('SN1');
    expect((sent.body.deliveries as { recipients: { status: string }[] }[])[0]!.recipients[0]!.status).toBe('SENT');
    const lookup = await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: providerMessageKey('SNS_SMS', messageId) }));
    expect(lookup.Item).toBeUndefined();

    expect(await ingestLogs([deliveryLog(messageId, '+8613361249501', 'SUCCESS', new Date())])).toEqual({ batchItemFailures: [] });
    expect((await h.status('SN1')).body.outcome).toBe('DELIVERED');
    expect(await h.list('sms-reports', { requestNo: 'SN1' })).toEqual([expect.objectContaining({ source: 'SNS_SMS', receiveStatus: 'DELIVERED', result: 'APPLIED' })]);
  });

  it("of two messages to one number, each report finds its own; another number's or another id's report is kept UNMATCHED", async () => {
    await h.sendAndDeliver(snsRequest('SN2', '13361249502'));
    await h.sendAndDeliver(snsRequest('SN3', '13361249502'));
    const [first, second] = sns.published.filter((p) => p.phone === '+8613361249502').map((p) => p.messageId);
    await ingestLogs([
      deliveryLog(second!, '+8613361249502', 'FAILURE', new Date()),
      deliveryLog(first!, '+8613361249502', 'SUCCESS', new Date()),
      deliveryLog(first!, '+8613361249599', 'SUCCESS', new Date()),
      deliveryLog('sns-unknown', '+8613361249502', 'SUCCESS', new Date()),
    ]);
    expect((await h.status('SN2')).body.outcome).toBe('DELIVERED');
    expect((await h.status('SN3')).body.outcome).toBe('FAILED');
    const unmatched = await h.list('sms-reports', { result: 'UNMATCHED' });
    expect(unmatched.map((r) => r.providerMessageId).sort()).toEqual([first, 'sns-unknown'].sort());
  });

  it("a number's requests are read newest first from the report's time, page after page, none left out", async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 8, minute)).toISOString();
    const entries = Array.from({ length: 45 }, (_, i) => ({ identity: 'mobile' as const, value: '13361249503', institution: 'OUTPLATFORM', requestNo: `P${i}`, createdAt: at(i), sendIds: [`send-${i}`] }));
    await createRecipientIndexStore(tables.doc, tables.name('messages')).putAll(entries);
    const read: string[] = [];
    for await (const sendId of createSendLogStore(tables.doc, tables.name('messages')).sendIdsToMobile('13361249503', at(2), at(44))) read.push(sendId);
    expect(read).toEqual(Array.from({ length: 43 }, (_, i) => `send-${44 - i}`));
  });
});
