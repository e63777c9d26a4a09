import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestStatusView } from '#contracts/request-status';
import { loadDevicesConfig } from '../../infra/local/demo/devices.ts';
import { DEMO_API_KEY, httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { deliveryHandlerEnv } from '../support/fakes/delivery-handler-env.ts';
import { useTables, type TestTables } from '../support/tables.ts';

// Issue 16 point 2 through the real handlers: apps register device tokens; a push by userId reaches
// each registered device on its own platform; pushType ALL is one publish per device type's topic.

type Http = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const notice = (requestNo: string, userIds: Record<string, string>[], overrides: Record<string, unknown> = {}) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'APP_NOTICE',
  bizId: 'N1',
  pushType: userIds.length > 1 ? 'MULTI_ACCOUNT' : 'SINGLE_ACCOUNT',
  bizContent: '{}',
  useTmpl: 'N',
  msgTitle: '系统通知',
  msgContent: '您的额度已更新',
  actionType: 1,
  actionValue: 'hcapp://credit',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds,
  ...overrides,
});

describe('app push by account and broadcast (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let registerHandler: Http;
  let unregisterHandler: Http;
  let statusHandler: Http;

  const register = async (body: unknown, apiKey = DEMO_API_KEY) =>
    readEnvelope(await registerHandler(httpEvent('POST', '/api/hcmsg/devices', { body: JSON.stringify(body), apiKey }), lambdaContext('registerDevice')));
  const unregister = async (deviceNo: string) =>
    readEnvelope(
      await unregisterHandler(
        httpEvent('DELETE', `/api/hcmsg/devices/${deviceNo}`, { apiKey: DEMO_API_KEY, routeKey: 'DELETE /api/hcmsg/devices/{deviceNo}', pathParameters: { deviceNo } }),
        lambdaContext('unregisterDevice'),
      ),
    );
  const status = async (requestNo: string) =>
    readEnvelope(
      await statusHandler(
        httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey: DEMO_API_KEY, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
        lambdaContext('getRequestStatus'),
      ),
    ).body as unknown as RequestStatusView;
  /** Accept, split and deliver a push request, each message twice (SQS delivers at least once); its push outbox entries. */
  const pushed = async (body: unknown) => {
    const accepted = await env.send(body);
    expect(accepted.retFlag, accepted.retMsg).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral', 2);
    await env.deliver(env.handlers.sendPush, 'pushGeneral', 2);
    return (await env.outbox((body as { requestNo: string }).requestNo)).filter((e) => e.channel === 'PUSH');
  };

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    await loadDevicesConfig(env.config);
    registerHandler = (await import('../../functions/http/register-device.ts')).handler as Http;
    unregisterHandler = (await import('../../functions/http/unregister-device.ts')).handler as Http;
    statusHandler = (await import('../../functions/http/get-request-status.ts')).handler as Http;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a push by userId reaches each registered device, each to its own platform; unregistering one leaves the other', async () => {
    expect(await register({ userId: 'alice', deviceNo: 'alice-android', deviceType: 'ANDROID' })).toMatchObject({ status: 200, retFlag: '00000', body: { status: 'REGISTERED', moved: false } });
    expect((await register({ userId: 'alice', deviceNo: 'alice-iphone', deviceType: 'IOS' })).retFlag).toBe('00000');
    // The same token again changes nothing.
    expect((await register({ userId: 'alice', deviceNo: 'alice-iphone', deviceType: 'IOS' })).body).toMatchObject({ status: 'REGISTERED', moved: false });

    const first = await pushed(notice('ACC1', [{ userId: 'alice' }]));
    expect(first.map((e) => [e.to, e.deviceTypeCode]).sort()).toEqual([['alice-android', 'ANDROID'], ['alice-iphone', 'IOS']]);
    // The deep link travels to each device.
    for (const entry of first) expect(JSON.parse(JSON.parse(entry.payload!).GCM as string)).toMatchObject({ data: { actionType: '1', actionValue: 'hcapp://credit' } });
    const view = await status('ACC1');
    expect(view.deliveries[0]!.recipients.map((r) => r.userId)).toEqual(['alice', 'alice']);

    expect(await unregister('alice-iphone')).toMatchObject({ status: 200, body: { deviceNo: 'alice-iphone', status: 'UNREGISTERED' } });
    const second = await pushed(notice('ACC2', [{ userId: 'alice' }]));
    expect(second.map((e) => [e.to, e.deviceTypeCode])).toEqual([['alice-android', 'ANDROID']]);
    expect((await unregister('alice-iphone')).status).toBe(404);
  });

  it('a userId without a device is not dropped: the status API shows it UNSENDABLE with the reason', async () => {
    await register({ userId: 'bob', deviceNo: 'bob-android', deviceType: 'ANDROID' });
    const entries = await pushed(notice('ACC3', [{ userId: 'bob' }, { userId: 'nobody' }]));
    expect(entries.map((e) => e.to)).toEqual(['bob-android']);
    const recipients = (await status('ACC3')).deliveries.flatMap((d) => d.recipients);
    expect(recipients.find((r) => r.userId === 'nobody')).toMatchObject({ status: 'UNSENDABLE', error: expect.stringContaining('no device registered for userId nobody') });
    expect(recipients.find((r) => r.userId === 'bob')).toMatchObject({ status: 'DELIVERED' });
  });

  it('a token registered by another user moves to that user', async () => {
    await register({ userId: 'carol', deviceNo: 'shared-phone', deviceType: 'ANDROID' });
    expect((await register({ userId: 'dave', deviceNo: 'shared-phone', deviceType: 'ANDROID' })).body).toMatchObject({ userId: 'dave', moved: true });
    expect((await pushed(notice('ACC4', [{ userId: 'dave' }]))).map((e) => e.to)).toEqual(['shared-phone']);
    expect(await pushed(notice('ACC5', [{ userId: 'carol' }]))).toEqual([]);
    expect((await status('ACC5')).deliveries[0]!.recipients[0]).toMatchObject({ userId: 'carol', status: 'UNSENDABLE' });
  });

  it('a token named directly goes to the platform it was registered with', async () => {
    await register({ userId: 'gina', deviceNo: 'gina-iphone', deviceType: 'IOS' });
    const entries = await pushed(notice('ACC7', [{ deviceNo: 'gina-iphone' }, { deviceNo: 'never-registered' }]));
    expect(entries.map((e) => [e.to, e.deviceTypeCode ?? null]).sort()).toEqual([['gina-iphone', 'IOS'], ['never-registered', null]]);
  });

  it('pushType ALL is one publish per device type topic, not one per device', async () => {
    for (let i = 0; i < 3; i++) await register({ userId: `fan${i}`, deviceNo: `fan-android-${i}`, deviceType: 'ANDROID' });
    await register({ userId: 'fan0', deviceNo: 'fan-ios-0', deviceType: 'IOS' });
    const entries = await pushed(notice('ALL1', [{}], { pushType: 'ALL' }));
    expect(entries.map((e) => [e.to, e.deviceTypeCode, e.broadcast]).sort()).toEqual([['broadcast:ANDROID', 'ANDROID', true], ['broadcast:IOS', 'IOS', true]]);
    expect(JSON.parse(entries[0]!.payload!)).toMatchObject({ default: '您的额度已更新' });
  });

  it('refuses bad registrations with the envelope naming the field', async () => {
    const missing = await register({ userId: 'erin', deviceType: 'ANDROID' });
    expect(missing).toMatchObject({ status: 400, retFlag: '10001' });
    expect(missing.retMsg).toMatch(/^deviceNo/);
    const unknown = await register({ userId: 'erin', deviceNo: 'erin-phone', deviceType: 'WINDOWS_PHONE' });
    expect(unknown).toMatchObject({ status: 400, retFlag: '10001' });
    expect(unknown.retMsg).toMatch(/^deviceType: .*\(unknown device type\)$/);
    expect((await register({ userId: 'erin', deviceNo: 'erin phone', deviceType: 'ANDROID' })).retMsg).toMatch(/^deviceNo/);
    expect((await register({ userId: 'erin', deviceNo: 'erin-phone', deviceType: 'ANDROID' }, 'wrong-key')).status).toBe(401);
  });

  it('a push naming neither deviceNo nor userId is refused at intake, naming the recipient field', async () => {
    const refused = await env.send(notice('ACC6', [{ mobile: '13900000000' }]));
    expect(refused).toMatchObject({ status: 400, retFlag: '10004' });
    expect(refused.retMsg).toMatch(/^userIds\[0\]\.deviceNo: .*userId/);
  });
});
