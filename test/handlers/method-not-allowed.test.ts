import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpEvent, lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { importFunction } from '../support/function-env.ts';

// API Gateway hands every request no route takes to `$default` (notFound): a known path asked with
// another method is 405 with `Allow`, an unknown path 404 — both envelopes.

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

describe('$default: 404 and 405', () => {
  let handler: Handler;
  beforeAll(async () => {
    handler = await importFunction<Handler>('notFound', {} as never);
  });
  const call = async (method: string, path: string) => {
    const event = httpEvent('GET', path);
    const result = await handler({ ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method } } }, lambdaContext('notFound'));
    return { status: result.statusCode, allow: result.headers?.allow, head: (JSON.parse(String(result.body)) as { head: { retFlag: string; retMsg: string } }).head };
  };

  it.each([
    ['GET', '/api/hcmsg/sendMessage', 'POST'],
    ['DELETE', '/api/hcmsg/requests/R1', 'GET'],
    ['PATCH', '/api/admin/config/template/preview', 'GET, POST, PUT, DELETE'],
    ['POST', '/api/admin/records/requests', 'GET'],
    ['POST', '/api/admin/config/bizType/X', 'GET, PUT, DELETE'],
  ])('%s %s → 405 Allow: %s', async (method, path, allow) => {
    const answer = await call(method, path);
    expect([answer.status, answer.allow, answer.head.retFlag]).toEqual([405, allow, '90005']);
    expect(answer.head.retMsg).toBe(`请求方法 ${method} 不适用于 ${path}，可用 ${allow} (method not allowed; allowed: ${allow})`);
  });

  it('answers a path no route serves 404 90001', async () => {
    const answer = await call('GET', '/api/no/such/route');
    expect([answer.status, answer.allow, answer.head.retFlag]).toEqual([404, undefined, '90001']);
    expect(answer.head.retMsg).toMatch(/^接口不存在: GET \/api\/no\/such\/route \(no such route\)$/);
  });
});
