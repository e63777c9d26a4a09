import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { requestKey } from '#adapters/dynamo/message-keys';
import { CHUNK_SIZE } from '#core/messages/recipient-chunks';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };

type Handler = (typeof import('../../functions/http/send-message.ts'))['handler'];

let tables: TestTables;
let sqs: LocalSqs;
let handler: Handler;
let clients: typeof import('#adapters/aws-clients');

beforeAll(async () => {
  tables = await useTables();
  sqs = await intakeHandlerEnv(tables);
  vi.resetModules();
  ({ handler } = await import('../../functions/http/send-message.ts'));
  // The same module instance the handler uses (same module registry after resetModules).
  clients = await import('#adapters/aws-clients');
});
afterAll(async () => {
  await sqs?.stop();
});

const send = async (body: string) => readEnvelope(await handler(httpEvent('POST', '/api/hcmsg/sendMessage', { body, apiKey: DEMO_API_KEY }), lambdaContext('sendMessage')));

/** Every item in the request's partition: the request and its recipient chunks (message-keys.ts). */
const itemsOf = async (requestNo: string) =>
  (
    await tables.doc.send(
      new QueryCommand({
        TableName: tables.name('messages'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': requestKey(seedSms.institution, requestNo).pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('sendMessage under DynamoDB throttling', () => {
  const MIDDLEWARE = 'inject-write-throttling';
  let throttling = true;
  beforeAll(() => {
    // DynamoDB refusing our writes after the SDK's own retries: the error the SDK would surface.
    clients.documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        if (throttling && /PutItem|TransactWriteItems/.test(context.commandName ?? '')) {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $fault: 'client' });
        }
        return next(args);
      },
      { step: 'initialize', name: MIDDLEWARE },
    );
  });
  afterAll(() => {
    clients.documentClient().middlewareStack.remove(MIDDLEWARE);
  });

  it.each([
    ['one item (inline recipients)', 1],
    ['a transaction (chunked recipients)', 600],
  ])('answers 503 90002 and stores nothing when the write of %s is throttled', async (_name, count) => {
    const requestNo = `THROTTLE-${count}`;
    const userIds = Array.from({ length: count }, (_, i) => ({ mobile: `1330000${String(i).padStart(4, '0')}` }));
    const body = JSON.stringify({ ...seedSms, requestNo, pushType: 'MULTI_ACCOUNT', userIds });
    expect(await send(body)).toMatchObject({ status: 503, retFlag: '90002' });
    expect(await itemsOf(requestNo)).toEqual([]);
    // The client's retry once DynamoDB takes writes again is stored, and where itemsOf looks.
    throttling = false;
    try {
      expect(await send(body)).toMatchObject({ status: 200, retFlag: '00000' });
    } finally {
      throttling = true;
    }
    // The request item, and the recipient chunks when they do not fit inline.
    expect((await itemsOf(requestNo)).length).toBe(count === 1 ? 1 : 1 + Math.ceil(count / CHUNK_SIZE));
  });
});

describe('sendMessage with arbitrary bodies', () => {
  const expectRefusal = (result: Awaited<ReturnType<typeof send>>) => {
    expect(result.retFlag).toMatch(/^[1-9]\d{4}$/);
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.retMsg).not.toMatch(/at .*\.ts:\d+/);
  };

  it('answers any JSON value with an envelope and a 4xx status, never a throw or a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (body) => {
        expectRefusal(await send(body));
      }),
      { numRuns: 150 },
    );
  });

  it('answers any value serialised, and any text, the same way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'), fc.string()), async (body) => {
        expectRefusal(await send(body));
      }),
      { numRuns: 150 },
    );
  });

  it('answers the seed example with one field replaced by any JSON value with success or a 4xx envelope', async () => {
    const fields = Object.keys(seedSms);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), fc.nat(), async (field, value, n) => {
        const result = await send(JSON.stringify({ ...seedSms, requestNo: `FC-${n}`, [field]: value }));
        if (result.retFlag === '00000') expect(result.status).toBe(200);
        else expectRefusal(result);
      }),
      { numRuns: 100 },
    );
  });
});
