import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { requestKey } from '#adapters/dynamo/message-keys';
import { sendRecordItem } from '#adapters/dynamo/send-record-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTables, type TestTables } from '../support/tables.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { deliveryHandlerEnv, scheduledEvent, securityRequest } from '../support/fakes/delivery-handler-env.ts';

/** What the rescans would see: every item in the pending index (a test-only scan of a small table). */
const pendingItems = async (tables: TestTables) =>
  ((await tables.doc.send(new ScanCommand({ TableName: tables.name('messages'), IndexName: 'pending' }))).Items ?? []).map((i) => i.pk as string);

describe('the delivery pipeline through the real handlers (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('request in the intake layout → split → send records + queue messages → senders → one OUTBOX entry per recipient and channel, even with every message delivered twice', async () => {
    const accepted = await env.send(securityRequest('PIPE1', 120));
    expect(accepted.retFlag).toBe('00000');

    // ACCOUNT_SECURITY is a green-lane business type; its request item holds 120 users in chunk items.
    const requests = await env.deliver(env.handlers.split, 'requestGreen', 2);
    expect(requests).toEqual([{ institution: 'OUTPLATFORM', requestNo: 'PIPE1' }]);
    const request = (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', 'PIPE1') }))).Item!;
    expect(request).toMatchObject({ status: 'SUCCESS', attempts: 1 });
    expect(request.pendingpk).toBeUndefined();

    const records = await env.sendRecords('PIPE1');
    expect(records.map((r) => [r.channel, (r.recipients as unknown[]).length, r.status]).sort()).toEqual([
      ['PUSH', 100, 'UNSENT'],
      ['PUSH', 20, 'UNSENT'],
      ['SMS', 100, 'UNSENT'],
      ['SMS', 20, 'UNSENT'],
    ]);
    // Their queue messages carry them: none is in the pending index.
    expect(await pendingItems(tables)).toEqual([]);

    const sms = await env.deliver(env.handlers.sendSms, 'smsGreen', 2);
    const push = await env.deliver(env.handlers.sendPush, 'pushGreen', 2);
    expect(sms).toHaveLength(2);
    expect(push).toHaveLength(2);

    const outbox = await env.outbox('PIPE1');
    expect(outbox).toHaveLength(240);
    expect(outbox.filter((e) => e.channel === 'SMS').map((e) => e.to).sort()).toEqual(Array.from({ length: 120 }, (_, i) => `139${String(i).padStart(8, '0')}`).sort());
    const first = outbox.find((e) => e.to === '13900000007')!;
    expect(first).toMatchObject({ title: '账户安全提醒', content: '尊敬的客户7，您的账户于今日登录' });

    const after = await env.sendRecords('PIPE1');
    expect(after.every((r) => r.status === 'SUCCESS' && r.sendCount === 1)).toBe(true);
    expect(await pendingItems(tables)).toEqual([]);
    // The PUSH method also wrote each user's inbox message.
    const inbox = await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: { pk: 'INBOX#u3', sk: `${request.createdAt as string}#${after.find((r) => r.channel === 'PUSH' && (r.recipients as unknown[]).length === 100)!.sendId as string}#3` } }));
    expect(inbox.Item).toMatchObject({ title: '账户安全提醒', read: false });
  });

  it('a split that stored its records but could not enqueue them still delivers: the request rescan splits it again', async () => {
    expect((await env.send(securityRequest('PIPE2', 3))).retFlag).toBe('00000');
    const restore = env.failSqs('SendMessageBatch', 2);
    // The consumer reports the message failed (SQS would redeliver it); the request is FAILED in the pending index.
    expect(await env.attempt(env.handlers.split, 'requestGreen')).toBe(1);
    restore();
    expect((await env.sendRecords('PIPE2')).map((r) => r.status)).toEqual(['UNSENT', 'UNSENT']);
    expect(await env.drain('smsGreen')).toHaveLength(0);

    const report = await env.handlers.rescanRequests(scheduledEvent(new Date(Date.now() + 60_000)), lambdaContext('rescanRequests'));
    expect(report).toMatchObject({ enqueued: 1 });
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    expect(await env.outbox('PIPE2')).toHaveLength(6);
    expect(await env.sendRecords('PIPE2')).toHaveLength(2);
    // Nothing is left for either rescan.
    const again = (await env.handlers.rescanRequests(scheduledEvent(new Date(Date.now() + 3_600_000)), lambdaContext('rescanRequests'))) as { enqueued: number };
    expect(again.enqueued).toBe(0);
    expect(await pendingItems(tables)).toEqual([]);
  });

  it('a split that dies after storing its records, marking nothing, is finished by its redelivered message', async () => {
    expect((await env.send(securityRequest('PIPE4', 2))).retFlag).toBe('00000');
    // The enqueue fails and so does the write that would mark the request FAILED: the consumer is gone.
    const restoreSqs = env.failSqs('SendMessageBatch');
    const restoreDynamo = env.failDynamo((command, input) => command === 'UpdateCommand' && (input.ExpressionAttributeValues as Record<string, unknown>)[':to'] === 'FAILED');
    expect(await env.attempt(env.handlers.split, 'requestGreen')).toBe(1);
    restoreSqs();
    restoreDynamo();
    expect((await env.sendRecords('PIPE4')).map((r) => r.status)).toEqual(['UNSENT', 'UNSENT']);
    expect(await pendingItems(tables)).toEqual([]);
    // SQS hands the request's message out again after the visibility timeout.
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    expect(await env.outbox('PIPE4')).toHaveLength(4);
  });

  it('a sender that died mid-send is taken over by its redelivered message: the attempt counted, then sent', async () => {
    expect((await env.send(securityRequest('PIPE5', 1))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
    const [sms] = (await env.sendRecords('PIPE5')).filter((r) => r.channel === 'SMS');
    // What a consumer leaves when it dies after claiming: SENDING, its claim six minutes old.
    const claimedAt = new Date(Date.now() - 6 * 60_000).toISOString();
    await tables.doc.send(new PutCommand({ TableName: tables.name('messages'), Item: sendRecordItem({ ...sms!, status: 'SENDING', updatedAt: claimedAt }) }));
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    const [after] = (await env.sendRecords('PIPE5')).filter((r) => r.channel === 'SMS');
    expect(after).toMatchObject({ status: 'SUCCESS', sendCount: 2 });
    expect((await env.outbox('PIPE5')).filter((e) => e.channel === 'SMS')).toHaveLength(1);
    await env.drain('pushGreen');
  });

  it('a request whose queue message could not be sent at intake is answered 00000, found by the request rescan and delivered', async () => {
    const restore = env.failSqs('SendMessage');
    expect((await env.send(securityRequest('PIPE3', 1))).retFlag).toBe('00000');
    restore();
    expect(await env.drain('requestGreen')).toHaveLength(0);
    const early = (await env.handlers.rescanRequests(scheduledEvent(new Date()), lambdaContext('rescanRequests'))) as { enqueued: number };
    expect(early.enqueued).toBe(0);
    const report = await env.handlers.rescanRequests(scheduledEvent(new Date(Date.now() + 3 * 60_000)), lambdaContext('rescanRequests'));
    expect(report).toMatchObject({ enqueued: 1 });
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    expect((await env.outbox('PIPE3')).map((e) => e.channel).sort()).toEqual(['PUSH', 'SMS']);
  });
});
