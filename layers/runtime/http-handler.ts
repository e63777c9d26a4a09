import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { DomainError } from '#core/errors';
import { SUCCESS_FLAG, SUCCESS_MSG } from '#contracts/envelope';
import { envelopeError, errorResponse, jsonResponse } from './responses.ts';
import { metricsMiddleware } from './metrics.ts';
import { logger } from './observability.ts';
import { parseOrThrow } from './validation.ts';

/** How long before Lambda's own timeout the handler gives up and answers. */
const TIMEOUT_EARLY_MS = 200;

/** API Gateway's payload limit for a synchronous Lambda invocation is 6 MB; ours is far lower. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest<B, Q, P, A> {
  body: B;
  /** The body as received (decoded), for routes that validate per sub-route. */
  rawBody: string | undefined;
  query: Q;
  params: P;
  headers: Record<string, string | undefined>;
  /** What `authenticate` returned: an institution for API-key routes, an operator for admin routes. */
  principal: A;
  method: string;
  path: string;
  sourceIp: string;
  requestId: string;
}

export interface RouteSpec<B extends z.ZodMiniType, Q extends z.ZodMiniType, P extends z.ZodMiniType, A> {
  body?: B;
  query?: Q;
  params?: P;
  maxBodyBytes?: number;
  authenticate?: (event: APIGatewayProxyEventV2) => Promise<A> | A;
}

/** A response that is not an envelope (the OpenAPI UI page). */
export interface RawResponse {
  raw: true;
  status: number;
  contentType: string;
  body: string;
  /** Further headers (cache-control, content-encoding, vary). */
  headers?: Record<string, string>;
  /** `body` is base64 of binary content (a gzipped file). */
  base64?: boolean;
}

export const rawResponse = (status: number, contentType: string, body: string, more: Pick<RawResponse, 'headers' | 'base64'> = {}): RawResponse => ({
  raw: true,
  status,
  contentType,
  body,
  ...more,
});

const isRaw = (value: unknown): value is RawResponse =>
  typeof value === 'object' && value !== null && (value as RawResponse).raw === true;

const lowerCaseHeaders = (headers: APIGatewayProxyEventV2['headers']): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

const bodyText = (event: APIGatewayProxyEventV2, maxBytes: number): string | undefined => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `body: 请求体超过 ${maxBytes} 字节 (body over ${maxBytes} bytes)`, 'body');
  }
  return text;
};

/** JSON.parse with the envelope's error; for routers that validate per sub-route. */
export const parseJsonBody = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('MALFORMED_JSON', 'body: 请求体不是合法的 JSON (malformed JSON)', 'body');
  }
};

/**
 * Wraps a use case as an API Gateway HTTP API (payload 2.0) handler: authenticates, parses and
 * validates the body, query and path with zod, calls `action`, and answers in the envelope.
 * Every failure — ours, AWS's or a bug — leaves as an envelope with its retFlag; never a stack trace.
 */
export const httpHandler = <
  B extends z.ZodMiniType = z.ZodMiniUnknown,
  Q extends z.ZodMiniType = z.ZodMiniUnknown,
  P extends z.ZodMiniType = z.ZodMiniUnknown,
  A = undefined,
>(
  spec: RouteSpec<B, Q, P, A>,
  action: (request: HttpRequest<z.infer<B>, z.infer<Q>, z.infer<P>, A>, context: Context) => Promise<unknown>,
) =>
  // A function about to run out of time answers the timeout envelope (504, 90003) itself, rather
  // than letting API Gateway answer a bare 500 when Lambda stops it.
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
    timeoutEarlyInMillis: TIMEOUT_EARLY_MS,
    timeoutEarlyResponse: () => envelopeError('TIMEOUT', '处理超时，请稍后重试 (timed out: retry)'),
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .handler(async (event, context) => {
      try {
        // Size before credentials: an oversize body is refused before any key lookup is spent on it.
        const rawBody = bodyText(event, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
        const principal = (spec.authenticate ? await spec.authenticate(event) : undefined) as A;
        const request: HttpRequest<z.infer<B>, z.infer<Q>, z.infer<P>, A> = {
          body: (spec.body ? parseOrThrow(spec.body, parseJsonBody(rawBody) ?? null, 'body') : undefined) as z.infer<B>,
          rawBody,
          query: (spec.query ? parseOrThrow(spec.query, event.queryStringParameters ?? {}, 'query') : event.queryStringParameters ?? {}) as z.infer<Q>,
          params: (spec.params ? parseOrThrow(spec.params, event.pathParameters ?? {}, 'path') : event.pathParameters ?? {}) as z.infer<P>,
          headers: lowerCaseHeaders(event.headers),
          principal,
          method: event.requestContext?.http?.method ?? 'GET',
          path: event.rawPath ?? '/',
          sourceIp: event.requestContext?.http?.sourceIp ?? '',
          requestId: event.requestContext?.requestId ?? context.awsRequestId,
        };
        const result = await action(request, context);
        if (isRaw(result)) {
          return {
            statusCode: result.status,
            headers: { ...result.headers, 'content-type': result.contentType },
            body: result.body,
            ...(result.base64 ? { isBase64Encoded: true } : {}),
          };
        }
        return jsonResponse(200, { head: { retFlag: SUCCESS_FLAG, retMsg: SUCCESS_MSG }, body: result ?? {} });
      } catch (error) {
        return errorResponse(error);
      }
    });
