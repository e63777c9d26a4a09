import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, OTHER_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };
import seedEmail from '../contracts/examples/seed-email.json' with { type: 'json' };
import { chunkKey, requestDayKeys, requestKey } from '#adapters/dynamo/message-keys';

const PATH = '/api/hcmsg/sendMessage';

interface Setup {
  tables: TestTables;
  sqs: LocalSqs;
  /** apiKey '' sends no x-api-key header. */
  send: (body: unknown, apiKey?: string) => Promise<ReturnType<typeof readEnvelope>>;
}

/** Fresh tables and queues, the demo configuration, and the real exported handler. */
const setup = async (): Promise<Setup> => {
  const tables = await useTables();
  const sqs = await intakeHandlerEnv(tables);
  vi.resetModules();
  const { handler } = await import('../../functions/http/send-message.ts');
  const send = async (body: unknown, apiKey = DEMO_API_KEY) =>
    readEnvelope(await handler(httpEvent('POST', PATH, { body: typeof body === 'string' ? body : JSON.stringify(body), ...(apiKey ? { apiKey } : {}) }), lambdaContext('sendMessage')));
  return { tables, sqs, send };
};

const requestItems = async (tables: TestTables, institution: string, requestNo: string) => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await tables.doc.send(
      new QueryCommand({
        TableName: tables.name('messages'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': requestKey(institution, requestNo).pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    // The requestNo's partition holds every institution's request of that number: keep this one's.
    items.push(...(page.Items ?? []).filter((item) => String(item.sk).includes(`#${institution}`)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

const drain = async (sqs: LocalSqs, queue: 'requestGeneral' | 'requestGreen') => {
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages } = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queues[queue]!.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!Messages?.length) return bodies;
    bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as unknown));
  }
};

describe('POST /api/hcmsg/sendMessage: the seed examples', () => {
  it.each([
    ['SMS', seedSms],
    ['e-mail', seedEmail],
  ])('accepts the seed %s example verbatim, stores the request and queues its id', async (_name, example) => {
    const { tables, sqs, send } = await setup();
    try {
      const result = await send(example);
      expect(result).toMatchObject({ status: 200, retFlag: '00000', retMsg: '处理成功', body: { requestNo: '20180309011111', status: 'ACCEPTED' } });
      const items = await requestItems(tables, 'OUTPLATFORM', '20180309011111');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        ...requestKey('OUTPLATFORM', '20180309011111'),
        status: 'INIT',
        bizType: 'MARKET_ACTIVITY',
        dispatchConfigId: example === seedSms ? 'MARKET_DEFAULT' : 'MARKET_EMAIL',
        ...requestDayKeys({ institution: 'OUTPLATFORM', requestNo: '20180309011111', createdAt: String(items[0]!.createdAt) }),
        daysk: `${String(items[0]!.createdAt)}#OUTPLATFORM#20180309011111`,
        users: [expect.objectContaining({ userId: '133', mobile: '13361249238' })],
      });
      // Its queue message carries it on: the pending index is only for a request that could not be enqueued.
      expect(items[0]).not.toHaveProperty('pendingpk');
      expect(await drain(sqs, 'requestGeneral')).toEqual([{ institution: 'OUTPLATFORM', requestNo: '20180309011111' }]);
    } finally {
      await sqs.stop();
    }
  });
});

describe('POST /api/hcmsg/sendMessage', () => {
  let ctx: Setup;
  beforeAll(async () => {
    ctx = await setup();
  });
  afterAll(async () => {
    await ctx?.sqs.stop();
  });

  it('answers a repeated request as the first time and stores it once', async () => {
    const body = { ...seedSms, requestNo: 'IDEM-1' };
    const first = await ctx.send(body);
    const second = await ctx.send(JSON.stringify(Object.fromEntries(Object.entries(body).reverse())));
    expect(second.raw.body).toBe(first.raw.body);
    expect(second.status).toBe(200);
    expect(await requestItems(ctx.tables, 'OUTPLATFORM', 'IDEM-1')).toHaveLength(1);
  });

  it('refuses the same requestNo with another body: 409 30005, the first request unchanged', async () => {
    const result = await ctx.send({ ...seedEmail, requestNo: 'IDEM-1' });
    expect(result).toMatchObject({ status: 409, retFlag: '30005' });
    expect(result.retMsg).toContain('requestNo');
    const [item] = await requestItems(ctx.tables, 'OUTPLATFORM', 'IDEM-1');
    expect(item).toMatchObject({ dispatchConfigId: 'MARKET_DEFAULT' });
  });

  it('sends green-lane business types to the green queue', async () => {
    await drain(ctx.sqs, 'requestGreen');
    const result = await ctx.send({ ...seedSms, requestNo: 'GREEN-1', bizType: 'ACCOUNT_SECURITY', userIds: [{ mobile: '13361249238', deviceNo: 'dev-1' }] });
    expect(result.retFlag).toBe('00000');
    expect(await drain(ctx.sqs, 'requestGreen')).toEqual([{ institution: 'OUTPLATFORM', requestNo: 'GREEN-1' }]);
  });

  it('refuses configuration mismatches with their own retFlags', async () => {
    expect(await ctx.send({ ...seedSms, requestNo: 'BAD-1', bizType: 'DISABLED_DEMO' })).toMatchObject({ status: 422, retFlag: '30002' });
    expect(await ctx.send({ ...seedSms, requestNo: 'BAD-2', bizType: 'NOPE' })).toMatchObject({ status: 422, retFlag: '30001' });
    expect(await ctx.send({ ...seedSms, requestNo: 'BAD-3', channelNo: 'NOPE' })).toMatchObject({ status: 422, retFlag: '30003' });
    const recipient = await ctx.send({ ...seedEmail, requestNo: 'BAD-4', userIds: [{ mobile: '13361249238' }] });
    expect(recipient).toMatchObject({ status: 400, retFlag: '10004' });
    expect(recipient.retMsg).toContain('userIds[0].email');
    expect(await requestItems(ctx.tables, 'OUTPLATFORM', 'BAD-4')).toEqual([]);
  });

  it('stores 10,000 MULTI_ACCOUNT recipients in 40 chunks, no item near the 400 KB limit', async () => {
    const userIds = Array.from({ length: 10_000 }, (_, i) => ({
      userId: `U${i}`,
      mobile: `1330000${String(i).padStart(4, '0')}`,
      email: `user${i}@example.com`,
      custNo: `C${i}`,
      custType: 'PERSONAL',
      custName: `客户${i}`,
      certNo: '',
      deviceNo: `device-${i}`,
      custTag: 'vip',
    }));
    const body = JSON.stringify({ ...seedSms, requestNo: 'BULK-1', pushType: 'MULTI_ACCOUNT', userIds });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_500_000);
    const result = await ctx.send(body);
    expect(result).toMatchObject({ status: 200, retFlag: '00000' });
    const items = await requestItems(ctx.tables, 'OUTPLATFORM', 'BULK-1');
    expect(items.map((i) => i.sk)).toEqual(['META#OUTPLATFORM', ...Array.from({ length: 40 }, (_, i) => chunkKey('OUTPLATFORM', 'BULK-1', i + 1).sk)]);
    expect(items[0]).toMatchObject({ recipientCount: 10_000, chunkCount: 40 });
    expect(items[0]).not.toHaveProperty('users');
    for (const item of items) expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400 * 1024);
    const stored = items.slice(1).flatMap((i) => i.users as { userId: string }[]);
    expect(stored).toHaveLength(10_000);
    expect(stored.map((u) => u.userId)).toEqual(userIds.map((u) => u.userId));
  });

  it('refuses a missing or wrong API key with 401 and a key of another institution with 403', async () => {
    expect(await ctx.send({ ...seedSms, requestNo: 'AUTH-1' }, '')).toMatchObject({ status: 401, retFlag: '20001' });
    expect(await ctx.send({ ...seedSms, requestNo: 'AUTH-1' }, 'wrong-key')).toMatchObject({ status: 401, retFlag: '20002' });
    expect(await ctx.send({ ...seedSms, requestNo: 'AUTH-1' }, OTHER_KEY)).toMatchObject({ status: 403, retFlag: '20003' });
    expect(await requestItems(ctx.tables, 'OUTPLATFORM', 'AUTH-1')).toEqual([]);
  });

  it('answers malformed JSON with 400 10002', async () => {
    expect(await ctx.send('{"requestNo":')).toMatchObject({ status: 400, retFlag: '10002' });
  });
});
