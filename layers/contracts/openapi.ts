import * as z from 'zod/mini';
import { envelopeOf, headSchema } from './envelope.ts';
import { healthResult } from './health.ts';
import { requestStatusParams, requestStatusView } from './request-status.ts';
import { captchaSendBody, captchaSendResult, captchaVerifyBody, captchaVerifyResult } from './captcha.ts';
import { sendMessageBody, sendMessageResult } from './send-message.ts';
import { SEED_SMS_EXAMPLE } from './send-message-example.ts';
import { registerAdminRoutes } from './openapi-admin.ts';
import { registerDeviceRoutes } from './openapi-devices.ts';
import { exampleOf, parameterExamples } from './openapi-examples.ts';
import { gatewayInbound, inboundParams, inboundResult } from './upstream.ts';

// The API description, generated from the same zod schemas the handlers validate with. Each module
// registers its routes here (registerRoute) so /api/openapi.json and /api/docs show the whole API.

// Each schema becomes JSON Schema through zod's own z.toJSONSchema (draft 2020-12, which OpenAPI 3.1
// takes as is); field metadata comes from `z.meta()` / `z.describe()`.

/** How callers and operators prove who they are (components.securitySchemes). */
export const securitySchemes: Record<string, Record<string, unknown>> = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: '每个系统标识 (institution) 在管理中心签发的 API key' },
};

const errorEnvelope = z.object({ head: headSchema(), body: z.object({}) }).check(z.describe('every failure: head.retFlag names what went wrong, head.retMsg the field'));
const ERROR_ENVELOPE_REF = { $ref: '#/components/schemas/ErrorEnvelope' };

/** What a route may answer besides success: error codes, grouped by HTTP status in the document. */
export type RetFlagTable = Record<string, { retFlag: string; status: number; description?: string }>;

interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: 'none' | 'apiKey' | 'admin';
  body?: z.ZodMiniType;
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  result: z.ZodMiniType;
  /** Error codes (layers/core/errors.ts) this route can return. */
  errors: string[];
  /** Request and response body examples, when the ones derived from the schemas' field examples would not do. */
  example?: { request?: unknown; response?: unknown };
}

const routes: RouteDoc[] = [];

/** Other modules call this for their routes; the document is built on request, so order does not matter. */
export const registerRoute = (route: RouteDoc): void => {
  routes.push(route);
};

// Any route: a dependency throttling or unreachable (layers/runtime/responses.ts), the function's time running out, a bug.
const COMMON_ERRORS = ['THROTTLED', 'DEPENDENCY_UNAVAILABLE', 'TIMEOUT', 'INTERNAL'];
const API_KEY_ERRORS = ['API_KEY_MISSING', 'API_KEY_INVALID'];

registerRoute({
  method: 'get',
  path: '/api/health',
  summary: '健康检查 (health)',
  tags: ['platform'],
  auth: 'none',
  description: 'Whether the platform can serve: DynamoDB and SQS each answer a cheap call within 3 s. 503 (90004) names what is down.',
  result: healthResult,
  errors: ['DEPENDENCY_UNAVAILABLE'],
});

registerRoute({
  method: 'post',
  path: '/api/hcmsg/sendMessage',
  summary: '通用消息发送 (send a message)',
  description:
    'Validates the request, matches it to a dispatch configuration, stores it with its recipients and queues it for delivery. ' +
    'The same requestNo with the same body is answered as the first time and never delivered twice; with another body it is refused (30005).',
  tags: ['messages'],
  auth: 'apiKey',
  body: sendMessageBody(),
  result: sendMessageResult,
  example: { request: SEED_SMS_EXAMPLE, response: { requestNo: SEED_SMS_EXAMPLE.requestNo, status: 'ACCEPTED' } },
  errors: [
    'VALIDATION', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'RECIPIENT_INVALID', 'CONTENT_TOO_LONG', ...API_KEY_ERRORS, 'INSTITUTION_MISMATCH',
    'BIZ_TYPE_UNKNOWN', 'BIZ_TYPE_DISABLED', 'CHANNEL_UNKNOWN', 'DISPATCH_NOT_MATCHED', 'REQUEST_CONFLICT', 'PRODUCT_UNKNOWN',
  ],
});

registerRoute({
  method: 'get',
  path: '/api/hcmsg/requests/{requestNo}',
  summary: '请求状态查询 (request status)',
  description: "The request's state and, once split, each send record's per-recipient delivery. Only the key's own institution's requests.",
  tags: ['messages'],
  auth: 'apiKey',
  params: requestStatusParams,
  result: requestStatusView,
  errors: ['VALIDATION', ...API_KEY_ERRORS, 'NOT_FOUND'],
});

registerRoute({
  method: 'post',
  path: '/api/hcmsg/captcha/send',
  summary: '验证码发送 (send a one-time code)',
  description:
    "Issues a code for the scene (bizCode) and delivers it by SMS, directly or through the SMS queue as the scene says. seqNo counts the phone's sends " +
    'for the scene per day (Asia/Shanghai). checkCode is empty unless the scene is configured to return it. The same reqId with the same body is answered as the first time.',
  tags: ['captcha'],
  auth: 'apiKey',
  body: captchaSendBody(),
  result: captchaSendResult(),
  errors: [
    'VALIDATION', 'MALFORMED_JSON', ...API_KEY_ERRORS, 'SCENE_UNSUPPORTED', 'CAPTCHA_DAILY_LIMIT', 'CAPTCHA_COOLDOWN', 'CAPTCHA_DELIVERY_FAILED',
    'CAPTCHA_REQUEST_CONFLICT',
  ],
});

registerRoute({
  method: 'post',
  path: '/api/hcmsg/captcha/verify',
  summary: '验证码验证 (verify a one-time code)',
  description:
    'The outcome is business data: the envelope is 00000 and body.status is PASS or UNPASS with errorCode 40011 sequence mismatch, 40012 wrong code, ' +
    '40013 expired, 40014 already used, 40015 too many attempts (5 wrong attempts end a code), 40016 unknown or superseded. Only the newest code of a phone and scene verifies, once.',
  tags: ['captcha'],
  auth: 'apiKey',
  body: captchaVerifyBody(),
  result: captchaVerifyResult(),
  errors: ['VALIDATION', 'MALFORMED_JSON', ...API_KEY_ERRORS],
});

registerRoute({
  method: 'post',
  path: '/api/hcmsg/callbacks/sms/{sendTypeId}/inbound',
  summary: '上行短信回调 (the SMS gateway posts an inbound text)',
  description:
    'Signed by the gateway: x-hcmsg-timestamp (Unix seconds, within 5 minutes) and x-hcmsg-signature v1=hex HMAC-SHA256 of `${timestamp}.${body}` with the send type\'s ' +
    'signing secret (docs/CALLBACKS.md); unsigned → 401 20006, nothing stored. messageId makes a retry a no-op. An unsubscribe keyword blacklists the mobile for the non-critical business types.',
  tags: ['callbacks'],
  auth: 'none',
  params: inboundParams,
  body: gatewayInbound,
  result: inboundResult,
  errors: ['VALIDATION', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'SIGNATURE_INVALID'],
});

registerAdminRoutes(registerRoute, securitySchemes);
registerDeviceRoutes(registerRoute);

const statusText: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable', 429: 'Too Many Requests', 431: 'Headers Too Large', 500: 'Internal Error', 502: 'Bad Gateway', 503: 'Busy', 504: 'Timeout' };

const SUCCESS_HEAD = { retFlag: '00000', retMsg: '处理成功' };

/** The retFlag table of the document's description (Swagger UI renders it as Markdown). */
const retFlagMarkdown = (retFlags: RetFlagTable): string =>
  [
    '| retFlag | HTTP | code | 说明 (meaning) |',
    '|---|---|---|---|',
    '| 00000 | 200 | SUCCESS | 处理成功 (success) |',
    ...Object.entries(retFlags)
      .sort(([, a], [, b]) => a.retFlag.localeCompare(b.retFlag))
      .map(([code, { retFlag, status, description }]) => `| ${retFlag} | ${status} | ${code} | ${description ?? ''} |`),
  ].join('\n');

type Operation = {
  parameters?: Record<string, unknown>[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown>; example?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown>; example?: unknown }> }>;
};

/** Complete request and response examples on every operation, from the route's own or its schemas. */
const addExamples = (document: { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Record<string, unknown>> } }) => {
  const components = document.components?.schemas ?? {};
  for (const route of routes) {
    const operation = document.paths?.[route.path]?.[route.method];
    if (!operation) continue;
    parameterExamples(operation.parameters, components);
    const request = operation.requestBody?.content?.['application/json'];
    if (request) request.example = route.example?.request ?? exampleOf(request.schema, components);
    const success = operation.responses?.['200']?.content?.['application/json'];
    if (success) {
      const derived = exampleOf(success.schema, components) as { body?: unknown } | undefined;
      success.example = { head: SUCCESS_HEAD, body: route.example?.response ?? derived?.body ?? {} };
    }
  }
};

type JsonSchema = Record<string, unknown>;

/**
 * A schema as JSON Schema: `input` for what a caller sends (a field with a default may be left out),
 * `output` for what the API answers. Definitions zod hoists (cycles) go to components.schemas.
 */
const jsonSchemaOf = (schema: z.ZodMiniType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema => {
  const { $schema: _, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  if (!$defs) return rest;
  Object.assign(components, $defs);
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
};

/** Path or query parameters, one per field of the route's params or query object. */
const parametersOf = (schema: z.ZodMiniObject | undefined, where: 'path' | 'query', components: Record<string, JsonSchema>) => {
  if (!schema) return [];
  const object = jsonSchemaOf(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: property,
  }));
};

/** The OpenAPI 3.1 document of every registered route; `retFlags` is the runtime's error table. */
export const buildOpenApiDocument = (retFlags: RetFlagTable) => {
  const schemas: Record<string, JsonSchema> = {};
  schemas.ErrorEnvelope = jsonSchemaOf(errorEnvelope, 'output', schemas);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const byStatus = new Map<number, string[]>();
    const examplesByStatus = new Map<number, Record<string, { summary: string; value: unknown }>>();
    for (const code of new Set([...route.errors, ...COMMON_ERRORS])) {
      const entry = retFlags[code];
      if (!entry) continue;
      byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), `${entry.retFlag} ${code}`]);
      examplesByStatus.set(entry.status, {
        ...examplesByStatus.get(entry.status),
        [entry.retFlag]: { summary: `${entry.retFlag} ${code}`, value: { head: { retFlag: entry.retFlag, retMsg: entry.description ?? code }, body: {} } },
      });
    }
    const parameters = [...parametersOf(route.params, 'path', schemas), ...parametersOf(route.query, 'query', schemas)];
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      ...(route.auth === 'apiKey' ? { security: [{ apiKey: [] }] } : route.auth === 'admin' ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input', schemas) } } } } : {}),
      responses: {
        200: { description: '00000 处理成功', content: { 'application/json': { schema: jsonSchemaOf(envelopeOf(route.result), 'output', schemas) } } },
        ...Object.fromEntries(
          [...byStatus].map(([status, flags]) => [
            status,
            {
              description: `${statusText[status] ?? 'Error'}: retFlag ${flags.join(', ')}`,
              content: { 'application/json': { schema: ERROR_ENVELOPE_REF, examples: examplesByStatus.get(status) ?? {} } },
            },
          ]),
        ),
      },
    };
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: '消息平台 Message Platform API',
      version: '1.0.0',
      description: [
        'Every response is the envelope `{"head":{"retFlag","retMsg"},"body":{…}}`; retFlag 00000 is success. retMsg says what is wrong in Chinese, then in English in parentheses; for a field it starts with the field\'s path (`userIds[0].mobile: …`).',
        'Public routes take the institution\'s API key in `x-api-key`; admin routes a bearer token (Cognito, or `POST /api/local/login` locally).',
        '',
        '### retFlag',
        '',
        retFlagMarkdown(retFlags),
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    components: { schemas, securitySchemes },
    paths,
  };
  addExamples(document as Parameters<typeof addExamples>[0]);
  return {
    ...document,
    'x-retFlags': Object.entries(retFlags)
      .map(([code, { retFlag, status, description }]) => ({ retFlag, code, status, ...(description ? { description } : {}) }))
      .sort((a, b) => a.retFlag.localeCompare(b.retFlag)),
  };
};
