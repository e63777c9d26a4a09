import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpEvent, lambdaContext } from './fakes/intake-handler-env.ts';

export type AdminHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | void>;

export interface AdminCall {
  /** viewer, operator, admin; null → no authorizer claims (not signed in). */
  role?: 'viewer' | 'operator' | 'admin' | null;
  username?: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * An API Gateway HTTP API (payload 2.0) event as the Cognito JWT authorizer passes it: the claims
 * under requestContext.authorizer.jwt, groups as the "[a b]" string API Gateway makes of arrays.
 */
export const adminEvent = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, call: AdminCall = {}): APIGatewayProxyEventV2 => {
  const base = httpEvent(method === 'GET' || method === 'POST' ? method : 'POST', path, call.body === undefined ? {} : { body: JSON.stringify(call.body) });
  const role = call.role === undefined ? 'admin' : call.role;
  const query = call.query ?? {};
  return {
    ...base,
    rawQueryString: new URLSearchParams(query).toString(),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      ...base.requestContext,
      http: { ...base.requestContext.http, method },
      ...(role === null ? {} : { authorizer: { jwt: { claims: { 'cognito:username': call.username ?? role, 'cognito:groups': `[${role}]` }, scopes: [] } } }),
    },
  } as APIGatewayProxyEventV2;
};

export interface Envelope {
  status: number;
  retFlag: string;
  retMsg: string;
  body: Record<string, unknown> & { items?: Record<string, unknown>[]; cursor?: string };
}

/** Calls an admin handler and reads the envelope. */
export const callAdmin = async (handler: AdminHandler, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, call: AdminCall = {}): Promise<Envelope> => {
  const result = (await handler(adminEvent(method, path, call), lambdaContext('admin'))) as APIGatewayProxyStructuredResultV2;
  const parsed = JSON.parse(String(result.body)) as { head: { retFlag: string; retMsg: string }; body: Envelope['body'] };
  return { status: result.statusCode ?? 0, retFlag: parsed.head.retFlag, retMsg: parsed.head.retMsg, body: parsed.body };
};

/** Every item of a listing, page by page (fails on a loop or a duplicate). */
export const allPages = async (list: (cursor?: string) => Promise<Envelope>, maxPages = 50): Promise<{ items: Record<string, unknown>[]; pages: number }> => {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    if (page.retFlag !== '00000') throw new Error(`page failed: ${page.retFlag} ${page.retMsg}`);
    items.push(...(page.body.items ?? []));
    cursor = page.body.cursor;
    pages++;
    if (pages > maxPages) throw new Error('too many pages');
  } while (cursor);
  return { items, pages };
};
