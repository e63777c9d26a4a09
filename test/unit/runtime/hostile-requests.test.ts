import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { adminAuth } from '#runtime/admin-auth';
import { adminRouter } from '#runtime/admin-router';
import { httpHandler } from '#runtime/http-handler';
import { adminEvent } from '../../support/admin-events.ts';
import { httpEvent, lambdaContext, readEnvelope } from '../../support/fakes/intake-handler-env.ts';

// The HTTP wrapper and the admin router facing what API Gateway may pass through: an oversize body
// with any key, a percent escape that does not decode, a group named after a prototype property.

const invoke = async (handler: ReturnType<typeof httpHandler>, event: APIGatewayProxyEventV2) =>
  readEnvelope((await handler(event, lambdaContext('test')))!);

describe('httpHandler', () => {
  it('refuses an oversize body before it asks who the caller is', async () => {
    const lookups: string[] = [];
    const handler = httpHandler(
      {
        body: z.object({}),
        maxBodyBytes: 1000,
        authenticate: (event) => {
          lookups.push(String(event.headers['x-api-key']));
          return { institution: 'X' };
        },
      },
      async () => ({}),
    );
    const answer = await invoke(handler, httpEvent('POST', '/api/x', { body: 'x'.repeat(1001), apiKey: 'guess' }));
    expect([answer.status, answer.retFlag]).toEqual([413, '10003']);
    expect(lookups).toEqual([]);
  });

  it('answers the timeout envelope (504, 90003) when the function is about to run out of time, not a bare error', async () => {
    const handler = httpHandler({}, () => new Promise(() => undefined));
    const context = { ...lambdaContext('test'), getRemainingTimeInMillis: () => 400 };
    const answer = readEnvelope((await handler(httpEvent('GET', '/api/x', {}), context))!);
    expect([answer.status, answer.retFlag]).toEqual([504, '90003']);
    expect(answer.retMsg).toContain('timed out');
  });
});

describe('adminRouter', () => {
  const seen: Record<string, string>[] = [];
  const route = adminRouter(
    { thing: { method: 'GET', path: '/api/admin/things/{id}', role: 'viewer', result: () => z.unknown(), summary: 'a thing', errors: [] } },
    { thing: async ({ params }) => seen.push(params) },
  );
  const handler = httpHandler({ authenticate: adminAuth }, (request) => route(request));

  it('answers a broken percent escape in the path 400 naming the path, not 404', async () => {
    for (const path of ['/api/admin/things/%', '/api/admin/things/%E0%A4%A', '/api/admin/things/%ED%A0%80']) {
      const answer = await invoke(handler, adminEvent('GET', path));
      expect([answer.status, answer.retFlag, answer.retMsg.split(':')[0]], path).toEqual([400, '10001', 'path']);
    }
  });

  it('hands a prototype name over as a plain parameter', async () => {
    const answer = await invoke(handler, adminEvent('GET', '/api/admin/things/__proto__'));
    expect(answer.status).toBe(200);
    expect(seen.at(-1)).toEqual({ id: '__proto__' });
    expect(Object.getPrototypeOf(seen.at(-1))).toBe(Object.prototype);
  });
});

describe('adminAuth', () => {
  it('takes a Cognito group named after a prototype property for no role at all', () => {
    for (const group of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const event = adminEvent('GET', '/api/admin/me');
      (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims['cognito:groups'] = `[${group}]`;
      expect(() => adminAuth(event), group).toThrow(expect.objectContaining({ code: 'ADMIN_FORBIDDEN' }));
    }
  });
});
