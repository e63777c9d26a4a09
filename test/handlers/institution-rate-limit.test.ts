import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { RATE_WINDOW_MS, rateKey } from '#core/limits/institution-rate';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, OTHER_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };

// Per-institution request rates through the real sendMessage and status handlers, counted in the
// counters table of DynamoDB Local: the limit is the institution's own, or the platform parameter.

const SEND = '/api/hcmsg/sendMessage';

describe('per-institution request rate (sendMessage, status query)', () => {
  let tables: TestTables;
  let sqs: LocalSqs;
  let send: (requestNo: string, apiKey?: string) => Promise<ReturnType<typeof readEnvelope>>;
  let status: (requestNo: string, apiKey?: string) => Promise<ReturnType<typeof readEnvelope>>;
  const runId = Date.now();

  beforeAll(async () => {
    tables = await useTables();
    sqs = await intakeHandlerEnv(tables);
    const config = createConfigStore(tables.doc, tables.name('config'));
    const outplatform = (await config.get('institution', 'OUTPLATFORM'))!;
    await config.put('institution', { code: outplatform.code, name: outplatform.name, enabled: true, rateLimitPerMinute: 3 }, { by: 'test', expectedVersion: outplatform.version });
    await config.put('parameter', { code: 'API_RATE_LIMIT_PER_MINUTE', name: 'rate', value: '1' }, { by: 'test' });
    vi.resetModules();
    const sendMessage = (await import('../../functions/http/send-message.ts')).handler;
    const requestStatus = (await import('../../functions/http/get-request-status.ts')).handler;
    send = async (requestNo, apiKey = DEMO_API_KEY) =>
      readEnvelope(await sendMessage(httpEvent('POST', SEND, { body: JSON.stringify({ ...seedSms, requestNo }), apiKey }), lambdaContext('sendMessage')));
    status = async (requestNo, apiKey = DEMO_API_KEY) =>
      readEnvelope(
        await requestStatus(
          httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
          lambdaContext('getRequestStatus'),
        ),
      );
  }, 120_000);

  afterAll(async () => {
    await sqs?.stop();
  });

  it("answers 429 with the envelope once the institution's own limit is spent in the minute, and counts no further", async () => {
    // Keep the four calls in one window: start just after a minute boundary if the current one is nearly over.
    const intoWindow = Date.now() % RATE_WINDOW_MS;
    if (intoWindow > RATE_WINDOW_MS - 15_000) await new Promise((r) => setTimeout(r, RATE_WINDOW_MS - intoWindow + 100));
    const windowStart = Math.floor(Date.now() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(`RL${runId}${i}`));
    expect(answers.map((a) => [a.status, a.retFlag])).toEqual([
      [200, '00000'],
      [200, '00000'],
      [200, '00000'],
      [429, '20007'],
    ]);
    expect(answers[3]!.retMsg).toMatch(/^系统标识 OUTPLATFORM 请求过于频繁，每分钟最多 3 次.*\(rate limit of 3 requests per minute exceeded/);
    const { Item } = await tables.doc.send(
      new GetCommand({ TableName: tables.name('counters'), Key: { pk: rateKey('sendMessage', 'OUTPLATFORM', windowStart), sk: 'RATE' }, ConsistentRead: true }),
    );
    expect(Item?.count).toBe(3);
    expect(Item?.expiresAt).toBeGreaterThan(windowStart / 1000);
  });

  it('keeps a bucket per route, so the spent sends leave the status query its own', async () => {
    expect((await status(`RL${runId}0`)).retFlag).toBe('00000');
  });

  it('limits an institution without its own limit by the platform parameter', async () => {
    // CRM has no rateLimitPerMinute: API_RATE_LIMIT_PER_MINUTE (set to 1 here) applies.
    const first = await status('NOPE1', OTHER_KEY);
    const second = await status('NOPE2', OTHER_KEY);
    expect(first.retFlag).not.toBe('20007');
    expect([second.status, second.retFlag]).toEqual([429, '20007']);
  });
});
