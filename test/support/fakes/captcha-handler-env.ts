import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { captchaKeys } from '#adapters/dynamo/captcha-keys';
import { createConfigStore } from '#adapters/dynamo/config-store';
import type { CaptchaSendResult, CaptchaVerifyResult } from '#contracts/captcha';
import { captchaScene, type CaptchaScene } from '#contracts/config-protection';
import { hashApiKey } from '#runtime/api-key-auth';
import type { LocalSecrets } from '../../../infra/local/secrets-manager.ts';
import type { LocalSqs } from '../../../infra/local/sqs.ts';
import type { Resolved } from '../../../infra/manifest/bindings.ts';
import { importFunction, localFunctionResources } from '../function-env.ts';
import type { TestTables } from '../tables.ts';

/** The test institution and its API key. */
export const INSTITUTION = 'OUTPLATFORM';
export const API_KEY = 'captcha-test-key';
/** A second institution, to show that one institution's codes, counters and reqIds are not another's. */
export const PARTNER = 'PARTNER';
export const PARTNER_API_KEY = 'captcha-partner-key';
export const SECRET_ID = 'test/captchaKey';

/** Scenes used by the captcha handler tests: every other field takes the schema's default. */
export const testScenes: (Partial<CaptchaScene> & { bizCode: string })[] = [
  { bizCode: 'LOGIN', description: '登录', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', codeFormat: 'DIGITS', dailyLimit: 10, cooldownSeconds: 60, returnCode: true },
  { bizCode: 'SECRET', description: '安全', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', codeFormat: 'MIXED', caseSensitive: true, cooldownSeconds: 0 },
  { bizCode: 'SHOWN', description: '测试', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', codeFormat: 'MIXED', caseSensitive: true, cooldownSeconds: 0, returnCode: true },
  { bizCode: 'LOAD', description: '压测', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', dailyLimit: 100, cooldownSeconds: 0, returnCode: true },
  { bizCode: 'LIMIT2', description: '限次', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', dailyLimit: 2, cooldownSeconds: 0 },
  { bizCode: 'QUEUED', description: '队列', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', delivery: 'QUEUE', cooldownSeconds: 0, returnCode: true },
  { bizCode: 'BROKEN', description: '坏网关', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_BROKEN', cooldownSeconds: 30 },
  { bizCode: 'OFF', description: '停用', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', enabled: false },
];

export interface CaptchaHandlerEnv {
  secrets: LocalSecrets;
  sqs: LocalSqs;
  /** Where the bindings point: what the stack resolves to physical resources. */
  resolved: Resolved;
  stop: () => Promise<void>;
}

/**
 * What the stack gives the captcha functions, pointed at DynamoDB Local, an embedded SQS and the
 * runner's Secrets Manager endpoint; plus an institution, its API key and the test scenes.
 */
export const captchaHandlerEnv = async (tables: TestTables): Promise<CaptchaHandlerEnv> => {
  const { secrets, sqs, resolved, stop } = await localFunctionResources(tables, ['smsGeneral', 'smsGreen', 'callbackDelivery', 'statusReports'], SECRET_ID);
  const config = createConfigStore(tables.doc, tables.name('config'));
  const by = { by: 'test' };
  await config.put('institution', { code: INSTITUTION, name: '外部平台', enabled: true }, by);
  await config.put('apiKey', { keyHash: hashApiKey(API_KEY), institution: INSTITUTION, prefix: API_KEY.slice(0, 6), createdAt: new Date().toISOString() }, by);
  await config.put('institution', { code: PARTNER, name: '合作方', enabled: true }, by);
  await config.put('apiKey', { keyHash: hashApiKey(PARTNER_API_KEY), institution: PARTNER, prefix: PARTNER_API_KEY.slice(0, 6), createdAt: new Date().toISOString() }, by);
  await config.put('template', { id: 'CAPTCHA_TMPL', name: '验证码', title: '验证码', content: '验证码 ${code}（序号 ${seqNo}），${minutes} 分钟内有效，请勿泄露。' }, by);
  await config.put('sendType', { id: 'SMS_OUTBOX', name: 'SMS outbox', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true }, by);
  // HTTP_SMS without a url: the provider refuses at once, a permanent delivery failure.
  await config.put('sendType', { id: 'SMS_BROKEN', name: 'SMS broken', channel: 'SMS', provider: 'HTTP_SMS', settings: {}, enabled: true }, by);
  for (const scene of testScenes) await config.put('captchaScene', captchaScene().parse(scene), by);
  return { secrets, sqs, resolved, stop };
};

export const apiEvent = (path: string, body: unknown, apiKey = API_KEY): APIGatewayProxyEventV2 => {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `POST ${path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
};

/**
 * A Lambda context. The deadline is generous: on the shared test machine fifty concurrent invocations
 * in one process queue behind each other, which separate Lambda containers would not.
 */
export const lambdaContext = (functionName: string, deadline = Date.now() + 60_000): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'test',
  getRemainingTimeInMillis: () => deadline - Date.now(),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface Envelope<B = Record<string, unknown>> {
  status: number;
  head: { retFlag: string; retMsg: string };
  body: B;
}

export const envelopeOf = <B>(result: APIGatewayProxyStructuredResultV2): Envelope<B> => {
  const parsed = JSON.parse(result.body ?? '{}') as { head: Envelope['head']; body: B };
  return { status: result.statusCode ?? 200, ...parsed };
};

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The captcha send and verify handlers, imported with their environment, called as API Gateway would. */
export interface CaptchaApi {
  env: CaptchaHandlerEnv;
  /** A fresh reqId is added unless the body has one; the test institution's key unless another is given. */
  send: (body: Record<string, unknown>, apiKey?: string) => Promise<Envelope<CaptchaSendResult>>;
  verify: (body: Record<string, unknown>, apiKey?: string) => Promise<Envelope<CaptchaVerifyResult>>;
  /** The stored captcha record (CAPTCHA_RECORD), as the captcha table holds it; the test institution's unless another is named. */
  record: (captchaId: string, institution?: string) => Promise<Record<string, unknown> | undefined>;
  stop: () => Promise<void>;
}

export const captchaApi = async (tables: TestTables): Promise<CaptchaApi> => {
  const env = await captchaHandlerEnv(tables);
  const send = await importFunction<HttpLambda>('captchaSend', env.resolved);
  const verify = await importFunction<HttpLambda>('captchaVerify', env.resolved);
  return {
    env,
    send: async (body, apiKey = API_KEY) =>
      envelopeOf<CaptchaSendResult>(await send(apiEvent('/api/hcmsg/captcha/send', { reqId: randomUUID().replaceAll('-', ''), ...body }, apiKey), lambdaContext('captchaSend'))),
    verify: async (body, apiKey = API_KEY) =>
      envelopeOf<CaptchaVerifyResult>(await verify(apiEvent('/api/hcmsg/captcha/verify', body, apiKey), lambdaContext('captchaVerify'))),
    record: async (captchaId, institution = INSTITUTION) =>
      (await tables.doc.send(new GetCommand({ TableName: tables.name('captcha'), Key: { pk: captchaKeys.record({ institution, captchaId }), sk: 'META' } }))).Item,
    stop: () => env.stop(),
  };
};
