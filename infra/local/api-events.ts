import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpTrigger } from '../manifest/types.ts';
import { LOCAL_ACCOUNT } from './local-aws.ts';

export interface Route {
  functionName: string;
  trigger: HttpTrigger;
  pattern: RegExp;
  params: string[];
}

/** Compiles HTTP API route paths (`{name}`, greedy `{proxy+}`) to matchers. */
export const compileRoute = (functionName: string, trigger: HttpTrigger): Route => {
  const params: string[] = [];
  const source = trigger.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        params.push(greedy[1]!);
        return '(.+)';
      }
      const single = /^\{(\w+)\}$/.exec(segment);
      if (single) {
        params.push(single[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { functionName, trigger, pattern: new RegExp(`^${source}$`), params };
};

/** Finds the route API Gateway would pick: an exact method before ANY, then `$default`. */
export const matchRoute = (
  routes: Route[],
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | undefined => {
  const candidates = routes.filter((r) => r.trigger.path !== '$default' && (r.trigger.method === method || r.trigger.method === 'ANY'));
  candidates.sort((a, b) => Number(a.trigger.method === 'ANY') - Number(b.trigger.method === 'ANY'));
  for (const route of candidates) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { route, pathParameters };
  }
  const fallback = routes.find((r) => r.trigger.path === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
};

const TEXTUAL = /^(application\/(json|.*\+json|x-www-form-urlencoded|xml)|text\/)/i;

/** The API Gateway HTTP API payload 2.0 event for a request, as the deployed integration sends it. */
export const toApiEvent = (
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  matched: { route: Route; pathParameters: Record<string, string> },
  authorizer?: unknown,
): APIGatewayProxyEventV2 => {
  // Built in Maps: a header or parameter named `__proto__` or `constructor` must be an entry like any
  // other, not a write to (or a read from) an object's prototype.
  const headerMap = new Map<string, string>();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headerMap.set(key.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  const headers: Record<string, string> = Object.fromEntries(headerMap);
  const queryMap = new Map<string, string>();
  for (const [key, value] of url.searchParams) queryMap.set(key, queryMap.has(key) ? `${queryMap.get(key)},${value}` : value);
  const query: Record<string, string> = Object.fromEntries(queryMap);
  const method = request.method ?? 'GET';
  const routeKey = matched.route.trigger.path === '$default' ? '$default' : `${matched.route.trigger.method} ${matched.route.trigger.path}`;
  const now = new Date();
  const textual = TEXTUAL.test(headers['content-type'] ?? 'application/json');
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: body.length > 0 && !textual,
  };
  if (request.headers.cookie) event.cookies = request.headers.cookie.split(/;\s*/);
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (matched.route.params.length > 0) event.pathParameters = matched.pathParameters;
  if (body.length > 0) event.body = textual ? body.toString('utf8') : body.toString('base64');
  if (authorizer) (event.requestContext as { authorizer?: unknown }).authorizer = authorizer;
  return event;
};
