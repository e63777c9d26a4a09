import type { Context } from 'aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { requestKey } from '#adapters/dynamo/message-keys';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { queryInterceptRecords } from '#adapters/dynamo/record-queries-logs';
import { queryAudit } from '#adapters/dynamo/audit-store';
import { createSendLogStore } from '#adapters/dynamo/send-log-store';
import type { SendLogEntry } from '#contracts/delivery-reports';
import { callAdmin } from '../support/admin-events.ts';
import { reportFixtureJson } from '../support/fakes/report-fakes.ts';
import { deliveryHandlerEnv, securityRequest, sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { useTables, type TestTables } from '../support/tables.ts';

type AdminLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const emailRequest = (requestNo: string, emails: string[]) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'B1',
  sendType: 'EMAIL',
  pushType: 'MULTI_ACCOUNT',
  bizContent: '{"title":"活动","A":"新品上市"}',
  useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds: emails.map((email, i) => ({ userId: `e${i}`, email, custName: `客户${i}` })),
});

describe('suppression: reported-dead addresses are skipped at split (SUPPRESSED), listed and lifted by operators', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let admin: AdminLambda;
  const at = '2024-04-30T08:00:00.000Z';

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    process.env.SECRET_CALLBACK_KEY_ID = 'test/callbackKey';
    vi.resetModules();
    admin = (await import('../../functions/http/admin-delivery.ts')).handler as AdminLambda;
    // What status-report ingestion does on a disabled endpoint and a hard bounce: the port directly.
    const port = createSuppressionStore(tables.doc, tables.name('messages'));
    await port.suppress({ channel: 'PUSH', address: 'device-1', reason: 'ENDPOINT_DISABLED', source: 'RPT-push-1', at });
    await port.suppress({ channel: 'EMAIL', address: 'Gone@Example.com', reason: 'HARD_BOUNCE', source: 'RPT-ses-1', at });
    // A second report keeps the first reason and time.
    await port.suppress({ channel: 'EMAIL', address: 'gone@example.com', reason: 'COMPLAINT', source: 'RPT-ses-2', at: '2024-04-30T09:00:00.000Z' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a suppressed device gets no push (SMS still goes), recorded with its reason like an interception', async () => {
    expect((await env.send(securityRequest('SUP1', 3))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen', 2);
    const push = (await env.sendRecords('SUP1')).find((r) => r.channel === 'PUSH')!;
    expect(push.recipients.map((r) => r.status)).toEqual(['UNSENT', 'SUPPRESSED', 'UNSENT']);
    expect(push.recipients[1]!.interceptReason).toContain('push endpoint disabled');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    const outbox = await env.outbox('SUP1');
    expect(outbox.filter((e) => e.channel === 'PUSH').map((e) => e.to).sort()).toEqual(['device-0', 'device-2']);
    expect(outbox.filter((e) => e.channel === 'SMS')).toHaveLength(3);
    const records = await queryInterceptRecords(tables.doc, tables.name('messages'), { deviceNo: 'device-1', limit: 10 }, new Date());
    expect(records.items).toMatchObject([{ rule: 'SUPPRESSED', requestNo: 'SUP1', channel: 'PUSH' }]);
  });

  it('e-mail addresses match case-insensitively; a request whose every recipient is suppressed reads INTERCEPTED', async () => {
    expect((await env.send(emailRequest('SUP2', ['GONE@example.COM', 'ok@example.com']))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    const [email] = await env.sendRecords('SUP2');
    expect(email!.recipients.map((r) => r.status)).toEqual(['SUPPRESSED', 'UNSENT']);
    expect(email!.recipients[0]!.interceptReason).toContain('hard bounce');
    await env.deliver(env.handlers.sendEmail, 'emailGeneral');
    expect((await env.outbox('SUP2')).map((e) => e.to)).toEqual(['ok@example.com']);

    expect((await env.send(emailRequest('SUP3', ['gone@example.com']))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    const [only] = await env.sendRecords('SUP3');
    expect(only).toMatchObject({ status: 'UNSENDABLE' });
    expect(await env.drain('emailGeneral')).toEqual([]);
    const request = (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', 'SUP3') }))).Item;
    expect(request).toMatchObject({ status: 'INTERCEPTED' });
  });

  it('operators list suppressions by channel and address and lift one (audited); viewers cannot lift; the address is sent to again', async () => {
    const all = await callAdmin(admin, 'GET', '/api/admin/delivery/suppressions', { role: 'viewer' });
    expect(all.body.items?.map((i) => `${String(i.channel)}:${String(i.address)}:${String(i.reason)}`).sort()).toEqual(['EMAIL:gone@example.com:HARD_BOUNCE', 'PUSH:device-1:ENDPOINT_DISABLED']);
    const byAddress = await callAdmin(admin, 'GET', '/api/admin/delivery/suppressions', { role: 'viewer', query: { channel: 'EMAIL', address: 'Gone@example.com' } });
    expect(byAddress.body.items).toMatchObject([{ address: 'gone@example.com', source: 'RPT-ses-1' }]);

    const denied = await callAdmin(admin, 'POST', '/api/admin/delivery/suppressions/lift', { role: 'viewer', body: { channel: 'PUSH', address: 'device-1' } });
    expect(denied).toMatchObject({ status: 403, retFlag: '20005' });
    const lifted = await callAdmin(admin, 'POST', '/api/admin/delivery/suppressions/lift', { role: 'operator', username: 'op1', body: { channel: 'PUSH', address: 'device-1' } });
    expect(lifted).toMatchObject({ status: 200, body: { channel: 'PUSH', address: 'device-1' } });
    const again = await callAdmin(admin, 'POST', '/api/admin/delivery/suppressions/lift', { role: 'operator', body: { channel: 'PUSH', address: 'device-1' } });
    expect(again).toMatchObject({ status: 404, retFlag: '50001' });
    expect(again.retMsg).toContain('address');
    const audit = await queryAudit(tables.doc, tables.name('audit'), { entity: 'suppression', limit: 10 }, new Date());
    expect(audit.items).toMatchObject([{ user: 'op1', action: 'lift', entityId: 'PUSH#device-1', before: { reason: 'ENDPOINT_DISABLED' } }]);

    expect((await env.send(securityRequest('SUP4', 2))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    await env.drain('smsGreen');
    expect((await env.outbox('SUP4')).filter((e) => e.channel === 'PUSH').map((e) => e.to).sort()).toEqual(['device-0', 'device-1']);
  });

  it('an SES hard bounce (its documented event) suppresses the address: the next message to it is SUPPRESSED, others still go', async () => {
    type SqsLambda = (event: ReturnType<typeof sqsEvent>, context: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>;
    const ingest = (await import('../../functions/queues/ingest-status-reports.ts')).handler as SqsLambda;
    const address = 'Moved.Away@Example.com';
    expect((await env.send(emailRequest('SUP5', [address]))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendEmail, 'emailGeneral');
    expect((await env.outbox('SUP5')).map((e) => e.to)).toEqual([address]);
    const [sent] = await env.sendRecords('SUP5');
    expect(sent!.recipients.map((r) => r.status)).toEqual(['SENT']);
    // The call log entry the SES provider writes for the message SES accepted (SES itself is AWS's).
    const sesMessageId = '0100018c-sup5-ses-message-id';
    const messageId = `${sent!.sendId}#0`;
    await createSendLogStore(tables.doc, tables.name('messages')).record(
      { id: `${messageId}#ses`, messageId, sendId: sent!.sendId, requestNo: 'SUP5', institution: 'OUTPLATFORM', channel: 'EMAIL', provider: 'SES', providerMessageId: sesMessageId, to: 'M***@Example.com', toHash: 'not-searched-here', outcome: 'ACCEPTED', latencyMs: 40, createdAt: new Date().toISOString() } satisfies SendLogEntry,
      { byProviderId: true, carried: false },
    );
    // SES's bounce event, as the configuration set's SNS destination delivers it through the reports queue.
    const fixture = reportFixtureJson('ses-bounce.json') as { bounce: Record<string, unknown>; mail: Record<string, unknown> };
    const bounce = {
      ...fixture,
      bounce: { ...fixture.bounce, bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
      mail: { ...fixture.mail, messageId: sesMessageId, destination: [address] },
    };
    const answer = await ingest(sqsEvent(env.sqs.queues.statusReports!.arn, [{ messageId: 'b1', body: JSON.stringify(bounce) }]), lambdaContext('ingest'));
    expect(answer?.batchItemFailures ?? []).toEqual([]);
    const [bounced] = await env.sendRecords('SUP5');
    expect(bounced!.recipients.map((r) => r.status)).toEqual(['UNDELIVERED']);
    const listed = await callAdmin(admin, 'GET', '/api/admin/delivery/suppressions', { role: 'viewer', query: { channel: 'EMAIL', address } });
    expect(listed.body.items).toMatchObject([{ address: 'moved.away@example.com', reason: 'HARD_BOUNCE' }]);

    expect((await env.send(emailRequest('SUP6', ['moved.away@example.com', 'still.here@example.com']))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    const [next] = await env.sendRecords('SUP6');
    expect(next!.recipients.map((r) => r.status)).toEqual(['SUPPRESSED', 'UNSENT']);
    expect(next!.recipients[0]!.interceptReason).toContain('hard bounce');
    await env.deliver(env.handlers.sendEmail, 'emailGeneral');
    expect((await env.outbox('SUP6')).map((e) => e.to)).toEqual(['still.here@example.com']);
  });

  it('refuses a lift naming no channel (400 with the field)', async () => {
    const bad = await callAdmin(admin, 'POST', '/api/admin/delivery/suppressions/lift', { role: 'operator', body: { address: 'x' } });
    expect(bad).toMatchObject({ status: 400, retFlag: '10001' });
    expect(bad.retMsg).toContain('channel');
  });
});
