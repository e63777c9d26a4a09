import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestKey } from '#adapters/dynamo/message-keys';
import { startLocalScheduler, type LocalScheduler } from '../../infra/local/scheduler.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { deliveryHandlerEnv, scheduledEvent, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// Scheduled sends through the real handlers: sendMessage with sendAt creates a one-time schedule
// (EventBridge Scheduler's API, served by the local runner's stand-in) and nothing is split before its
// time; at its time the schedule puts the request on its lane and it is delivered; a cancelled one
// never is. Time is the functions' Date, moved by the test.

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

describe('scheduled sends (sendAt) through the real handlers', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let scheduler: LocalScheduler;
  let cancel: HttpLambda;

  beforeAll(async () => {
    tables = await useTables();
    let queueUrlByName = new Map<string, string>();
    scheduler = await startLocalScheduler({
      now: () => new Date(),
      deliver: async (arn, body) => {
        await env.sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrlByName.get(arn.split(':').pop()!)!, MessageBody: body }));
      },
      tickMs: 3_600_000,
    });
    Object.assign(process.env, { AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint, SCHEDULER_GROUP_NAME: 'test-schedules', SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/test' });
    env = await deliveryHandlerEnv(tables);
    queueUrlByName = new Map(Object.values(env.sqs.queues).map((q) => [q.arn.split(':').pop()!, q.url]));
    cancel = (await import('../../functions/http/cancel-request.ts')).handler as unknown as HttpLambda;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await env?.stop();
    await scheduler?.stop();
  });

  const request = (requestNo: string, sendAt: string) => securityRequest(requestNo, 1, { bizType: 'MARKET_ACTIVITY', useTmpl: 'N', msgTitle: '活动', msgContent: '明早九点开抢', sendAt });
  const stored = async (requestNo: string) => (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', requestNo) }))).Item!;
  const cancelCall = async (requestNo: string) =>
    readEnvelope(await cancel(httpEvent('POST', `/api/hcmsg/requests/${requestNo}/cancel`, { apiKey: DEMO_API_KEY, routeKey: 'POST /api/hcmsg/requests/{requestNo}/cancel', pathParameters: { requestNo } }), lambdaContext('cancelRequest')));
  const pendingKeys = async () => ((await tables.doc.send(new ScanCommand({ TableName: tables.name('messages'), IndexName: 'pending' }))).Items ?? []).map((i) => i.pk as string);

  it('is not sent before its time and is sent at it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sendAt = new Date(Date.now() + 2 * 3600_000);
    const accepted = await env.send(request('SCHED1', sendAt.toISOString()));
    expect(accepted).toMatchObject({ retFlag: '00000', body: { status: 'ACCEPTED', sendAt: sendAt.toISOString() } });
    expect(await stored('SCHED1')).toMatchObject({ status: 'INIT', sendAt: sendAt.toISOString(), pendingsk: sendAt.toISOString() });
    expect(scheduler.schedules()).toMatchObject([{ groupName: 'test-schedules', at: Math.ceil(sendAt.getTime() / 1000) * 1000 }]);
    expect(await env.drain('requestGeneral')).toEqual([]);

    // An early copy of its message (the in-flight sweep's) splits nothing.
    await env.sqs.client.send(new SendMessageCommand({ QueueUrl: env.sqs.queues.requestGeneral!.url, MessageBody: JSON.stringify({ institution: 'OUTPLATFORM', requestNo: 'SCHED1' }) }));
    await env.deliver(env.handlers.split, 'requestGeneral');
    expect(await env.sendRecords('SCHED1')).toEqual([]);
    vi.setSystemTime(sendAt.getTime() - 60_000);
    expect(await scheduler.fireDue()).toBe(0);

    vi.setSystemTime(sendAt.getTime() + 1_000);
    expect(await scheduler.fireDue()).toBe(1);
    expect(scheduler.schedules()).toEqual([]);
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendSms, 'smsGeneral');
    expect(await env.outbox('SCHED1')).toMatchObject([{ channel: 'SMS', to: '13900000000', content: '明早九点开抢' }]);
    expect(await stored('SCHED1')).toMatchObject({ status: 'SUCCESS' });
  });

  it('a cancelled one is never sent: by the caller, until its time; the schedule is gone and the rescan skips it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sendAt = new Date(Date.now() + 3600_000);
    expect((await env.send(request('SCHED2', sendAt.toISOString()))).retFlag).toBe('00000');
    expect(scheduler.schedules()).toHaveLength(1);

    expect(await cancelCall('SCHED2')).toMatchObject({ retFlag: '00000', body: { requestNo: 'SCHED2', status: 'CANCELLED' } });
    expect(await cancelCall('SCHED2')).toMatchObject({ retFlag: '00000', body: { status: 'CANCELLED' } });
    expect(scheduler.schedules()).toEqual([]);
    expect(await stored('SCHED2')).toMatchObject({ status: 'CANCELLED', cancelledBy: 'OUTPLATFORM' });
    expect(await pendingKeys()).not.toContain(requestKey('OUTPLATFORM', 'SCHED2').pk);

    vi.setSystemTime(sendAt.getTime() + 10 * 60_000);
    expect(await scheduler.fireDue()).toBe(0);
    await env.handlers.rescanRequests(scheduledEvent(new Date()), lambdaContext('rescanRequests'));
    await env.deliver(env.handlers.split, 'requestGeneral');
    expect(await env.sendRecords('SCHED2')).toEqual([]);
    expect(await env.outbox('SCHED2')).toEqual([]);
  });

  it('refuses sendAt in the past or beyond the horizon, and cancelling what is not scheduled', async () => {
    const past = await env.send(request('SCHED3', new Date(Date.now() - 3600_000).toISOString()));
    expect(past).toMatchObject({ status: 400, retFlag: '10001' });
    expect(past.retMsg).toContain('sendAt');
    const far = await env.send(request('SCHED4', new Date(Date.now() + 40 * 86_400_000).toISOString()));
    expect(far).toMatchObject({ status: 400, retFlag: '10001' });
    expect(far.retMsg).toMatch(/sendAt.*30/);
    const malformed = await env.send(request('SCHED5', '2026-12-02 09:00:00'));
    expect(malformed).toMatchObject({ status: 400, retFlag: '10001' });
    expect(malformed.retMsg).toContain('sendAt');

    expect((await env.send(securityRequest('NOW1', 1, { bizType: 'MARKET_ACTIVITY', useTmpl: 'N', msgTitle: 't', msgContent: 'c' }))).retFlag).toBe('00000');
    expect(await cancelCall('NOW1')).toMatchObject({ status: 409, retFlag: '50005' });
    expect(await cancelCall('NOSUCH')).toMatchObject({ status: 404 });
  });
});
