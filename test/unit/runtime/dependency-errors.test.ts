import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '#runtime/http-handler';
import { freePort } from '../../../infra/local/free-port.ts';
import { httpEvent, lambdaContext, readEnvelope } from '../../support/fakes/intake-handler-env.ts';

// What a caller is told when a dependency fails under a request: a transient failure (nothing
// listening, a timeout, a 5xx) is a 503 the caller retries later, not an internal error; a bug is still 99999.

const answerTo = async (fail: () => Promise<unknown>) => {
  const handler = httpHandler({}, async () => {
    await fail();
    return {};
  });
  return readEnvelope((await handler(httpEvent('GET', '/api/x', {}), lambdaContext('test')))!);
};

describe('a dependency failing under a request', () => {
  it('answers 503 (90004, retry later) when DynamoDB cannot be reached, without the error in the answer', async () => {
    const port = await freePort();
    const dynamo = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'ap-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const answer = await answerTo(() => dynamo.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } })));
    expect([answer.status, answer.retFlag]).toEqual([503, '90004']);
    expect(answer.retMsg).toMatch(/retry/);
    expect(answer.retMsg).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('answers 503 (90004) for a timeout and for a 5xx from the service', async () => {
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    const unavailable = Object.assign(new Error('boom'), { name: 'SomethingWentWrong', $metadata: { httpStatusCode: 502 } });
    for (const error of [timeout, unavailable]) {
      const answer = await answerTo(() => Promise.reject(error));
      expect([answer.status, answer.retFlag], error.name).toEqual([503, '90004']);
    }
  });

  it('still answers 99999 (500) for an error of our own', async () => {
    const answer = await answerTo(() => Promise.reject(new TypeError('x is undefined')));
    expect([answer.status, answer.retFlag]).toEqual([500, '99999']);
    expect(answer.retMsg).not.toContain('x is undefined');
  });
});
