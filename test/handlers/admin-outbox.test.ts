import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { outboxProvider } from '#adapters/providers/outbox-provider';
import { useTables } from '../support/tables.ts';
import { localAwsEnv } from '../support/tables.ts';
import { httpEvent, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode?: number; body?: string }>;

const asOperator = (query: Record<string, string>, groups: string | null = 'viewer'): APIGatewayProxyEventV2 => {
  const event = httpEvent('GET', '/api/admin/outbox');
  return {
    ...event,
    queryStringParameters: query,
    requestContext: { ...event.requestContext, ...(groups === null ? {} : { authorizer: { jwt: { claims: { 'cognito:username': 'op', 'cognito:groups': `[${groups}]` }, scopes: [] } } }) },
  } as APIGatewayProxyEventV2;
};

describe('GET /api/admin/outbox (adminRecords)', () => {
  let handler: Handler;
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    // 5 SMS today to two numbers, 2 e-mails today, 3 SMS yesterday (older).
    let tick = 0;
    const at = (base: Date) => () => new Date(base.getTime() - 3_600_000 + 1000 * tick++);
    const todayBox = outboxProvider(tables.doc, tables.name('messages'), at(today));
    for (let i = 0; i < 5; i++) await todayBox.send({ id: `T${i}`, createdAt: at(today)().toISOString(), channel: 'SMS', to: i < 3 ? '13800000000' : '13900000000', title: 't', content: `sms ${i}`, requestNo: i < 2 ? 'RA' : 'RB' }, {});
    for (let i = 0; i < 2; i++) await todayBox.send({ id: `E${i}`, createdAt: at(today)().toISOString(), channel: 'EMAIL', to: 'a@example.com', title: 't', content: `mail ${i}`, requestNo: 'RA' }, {});
    tick = 0;
    const oldBox = outboxProvider(tables.doc, tables.name('messages'), at(yesterday));
    for (let i = 0; i < 3; i++) await oldBox.send({ id: `Y${i}`, createdAt: at(yesterday)().toISOString(), channel: 'SMS', to: '13800000000', title: 't', content: `old ${i}`, requestNo: 'RC' }, {});
    vi.resetModules();
    handler = (await import('../../functions/http/admin-records.ts')).handler as Handler;
  });

  const list = async (query: Record<string, string>) => readEnvelope(await handler(asOperator(query), lambdaContext('adminRecords')) as never);

  it('pages through every entry newest first, walking back day by day', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: '4', ...(cursor ? { cursor } : {}) });
      expect(page.retFlag).toBe('00000');
      const items = page.body.items as { content: string; sentAt: string; channel: string; to: string; requestNo: string }[];
      expect(items.length).toBeLessThanOrEqual(4);
      seen.push(...items.map((i) => i.content));
      cursor = page.body.cursor as string | undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(['mail 1', 'mail 0', 'sms 4', 'sms 3', 'sms 2', 'sms 1', 'sms 0', 'old 2', 'old 1', 'old 0']);
  });

  it('filters by channel, by recipient and by requestNo', async () => {
    const email = await list({ channel: 'EMAIL' });
    expect((email.body.items as { content: string }[]).map((i) => i.content)).toEqual(['mail 1', 'mail 0']);
    const to = await list({ to: '13800000000', limit: '10' });
    expect((to.body.items as { content: string }[]).map((i) => i.content)).toEqual(['sms 2', 'sms 1', 'sms 0', 'old 2', 'old 1', 'old 0']);
    const req = await list({ requestNo: 'RA', channel: 'SMS' });
    expect((req.body.items as { content: string; requestNo: string }[]).map((i) => [i.content, i.requestNo])).toEqual([['sms 1', 'RA'], ['sms 0', 'RA']]);
  });

  it('refuses callers without a role and bad parameters, in the envelope', async () => {
    const anonymous = readEnvelope(await handler(asOperator({}, null), lambdaContext('adminRecords')) as never);
    expect([anonymous.status, anonymous.retFlag]).toEqual([401, '20004']);
    const bad = await list({ channel: 'FAX' });
    expect([bad.status, bad.retFlag]).toEqual([400, '10001']);
    const cursor = await list({ cursor: 'not-a-cursor' });
    expect([cursor.status, cursor.retFlag]).toEqual([400, '10001']);
  });
});
