import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../infra/local/free-port.ts';
import { startSqs, type LocalSqs } from '../../infra/local/sqs.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { httpEvent, lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { localAwsEnv, useTables, type TestTables } from '../support/tables.ts';

// GET /api/health against the real dependencies (DynamoDB Local, the embedded SQS), then with one
// of them unreachable: a closed port, or a port that accepts and never answers.

let tables: TestTables;
let sqs: LocalSqs;
let silent: Server;
let silentPort: number;
const held: Socket[] = [];

beforeAll(async () => {
  tables = await useTables();
  sqs = await startSqs({ ...manifest, queues: { requestGeneral: manifest.queues.requestGeneral }, functions: {} }, { prefix: 'health' });
  // Accepts connections and says nothing: a dependency that hangs.
  silent = createServer((socket) => held.push(socket));
  silentPort = await freePort();
  await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
});
afterAll(async () => {
  await sqs?.stop();
  held.forEach((s) => s.destroy());
  silent?.close();
});

/** Calls the health function as deployed, with its environment pointed where `overrides` say. */
const health = async (overrides: { dynamodb?: string; sqs?: string } = {}) => {
  vi.resetModules();
  Object.assign(process.env, localAwsEnv(overrides.dynamodb ?? tables.endpoint), {
    TABLE_CONFIG: tables.name('config'),
    AWS_ENDPOINT_URL_SQS: overrides.sqs ?? sqs.endpoint,
    QUEUE_REQUEST_GENERAL_URL: sqs.queues.requestGeneral!.url.replace(sqs.endpoint, overrides.sqs ?? sqs.endpoint),
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  });
  const { handler } = await import('../../functions/http/health.ts');
  const result = await handler(httpEvent('GET', '/api/health'), lambdaContext('health'));
  return { status: result.statusCode, ...(JSON.parse(result.body!) as { head: { retFlag: string; retMsg: string }; body: unknown }) };
};

const closedPort = async () => freePort();

describe('GET /api/health', () => {
  it('is 200 with each dependency ok when DynamoDB and SQS answer', async () => {
    expect(await health()).toEqual({
      status: 200,
      head: { retFlag: '00000', retMsg: '处理成功' },
      body: { status: 'ok', dependencies: { dynamodb: 'ok', sqs: 'ok' } },
    });
  });

  it('is a 503 envelope naming DynamoDB when DynamoDB is unreachable', async () => {
    const answer = await health({ dynamodb: `http://127.0.0.1:${await closedPort()}` });
    expect(answer.status).toBe(503);
    expect(answer.head.retFlag).toBe('90004');
    expect(answer.head.retMsg).toMatch(/dynamodb/);
    expect(answer.head.retMsg).not.toMatch(/sqs/);
  });

  it('is a 503 envelope naming SQS when SQS is unreachable', async () => {
    const answer = await health({ sqs: `http://127.0.0.1:${await closedPort()}` });
    expect(answer.status).toBe(503);
    expect(answer.head.retFlag).toBe('90004');
    expect(answer.head.retMsg).toMatch(/sqs/);
    expect(answer.head.retMsg).not.toMatch(/dynamodb/);
  });

  it('answers 503 rather than waiting when a dependency accepts connections and never replies', async () => {
    const answer = await health({ dynamodb: `http://127.0.0.1:${silentPort}` });
    expect(answer.status).toBe(503);
    expect(answer.head.retMsg).toMatch(/dynamodb/);
  });
});
