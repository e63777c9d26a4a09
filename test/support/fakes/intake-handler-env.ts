import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { hashApiKey } from '#runtime/api-key-auth';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import { loadDemoAttachment } from '../../../infra/local/demo/attachments.ts';
import { loadPipelineDemo } from '../../../infra/local/demo/pipeline.ts';
import { startSqs, type LocalSqs } from '../../../infra/local/sqs.ts';
import { manifest } from '../../../infra/manifest/index.ts';
import { localAwsEnv, schedulerTestEnv, type TestTables } from '../tables.ts';

export { DEMO_API_KEY } from '../../../infra/local/demo/pipeline.ts';
/** A key of another institution (CRM), to show a key cannot send as OUTPLATFORM. */
export const OTHER_KEY = 'crm-test-key';

/**
 * What the stack gives the intake functions, pointed at DynamoDB Local and an embedded SQS with the
 * two request queues; the configuration is the local runner's demo configuration plus a CRM key.
 */
export const intakeHandlerEnv = async (tables: TestTables): Promise<LocalSqs> => {
  const sqs = await startSqs(
    { ...manifest, queues: { requestGeneral: manifest.queues.requestGeneral, requestGreen: manifest.queues.requestGreen }, functions: {} },
    { prefix: `i${randomUUID().slice(0, 6)}` },
  );
  Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), {
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    QUEUE_REQUEST_GENERAL_URL: sqs.queues.requestGeneral!.url,
    QUEUE_REQUEST_GREEN_URL: sqs.queues.requestGreen!.url,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...schedulerTestEnv,
  });
  const config = createConfigStore(tables.doc, tables.name('config'));
  await loadPipelineDemo(config);
  await loadDemoAttachment(createAttachmentStore(tables.doc, tables.name('messages')));
  await config.put('institution', { code: 'CRM', name: 'CRM', enabled: true }, { by: 'test' });
  await config.put('apiKey', { keyHash: hashApiKey(OTHER_KEY), institution: 'CRM', prefix: 'crm-test', createdAt: new Date().toISOString() }, { by: 'test' });
  return sqs;
};

export const httpEvent = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: string; apiKey?: string; routeKey?: string; pathParameters?: Record<string, string> } = {},
): APIGatewayProxyEventV2 => {
  const now = new Date();
  const routeKey = options.routeKey ?? `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}) },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
  };
};

export const lambdaContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 29_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface EnvelopeResult {
  status: number;
  retFlag: string;
  retMsg: string;
  body: Record<string, unknown>;
  raw: APIGatewayProxyStructuredResultV2;
}

/** The response as a caller reads it; throws if it is not an envelope. */
export const readEnvelope = (raw: APIGatewayProxyStructuredResultV2): EnvelopeResult => {
  const parsed = JSON.parse(String(raw.body)) as { head: { retFlag: string; retMsg: string }; body: Record<string, unknown> };
  return { status: raw.statusCode ?? 0, retFlag: parsed.head.retFlag, retMsg: parsed.head.retMsg, body: parsed.body, raw };
};
