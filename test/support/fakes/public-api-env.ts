import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { captchaScene } from '#contracts/config-protection';
import { loadPipelineDemo } from '../../../infra/local/demo/pipeline.ts';
import type { Resolved } from '../../../infra/manifest/bindings.ts';
import { importFunction, localFunctionResources } from '../function-env.ts';
import type { TestTables } from '../tables.ts';
import { apiEvent } from './captcha-handler-env.ts';
import { httpEvent, lambdaContext, readEnvelope, type EnvelopeResult } from './intake-handler-env.ts';
import seedSms from '../../contracts/examples/seed-sms.json' with { type: 'json' };

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Every public (API-key) function, each as its own module with its own module-scope caches. */
export interface PublicApi {
  sendMessage: (apiKey: string, requestNo: string) => Promise<EnvelopeResult>;
  captchaSend: (apiKey: string, phoneNm: string) => Promise<EnvelopeResult>;
  captchaVerify: (apiKey: string, body: { captchaId: string; captcha: string; seqNo: number; phoneNm: string }) => Promise<EnvelopeResult>;
  status: (apiKey: string, requestNo: string) => Promise<EnvelopeResult>;
  /** Where these functions' resources are, for importing another function beside them. */
  resolved: Resolved;
  stop: () => Promise<void>;
}

const SECRET_ID = 'test/publicApiCaptchaKey';

/**
 * What the stack gives sendMessage, captchaSend, captchaVerify and getRequestStatus, pointed at
 * DynamoDB Local, one embedded SQS with their queues and the runner's Secrets Manager; the pipeline
 * demo configuration plus a captcha scene LOGIN that returns its code.
 */
export const publicApi = async (tables: TestTables): Promise<PublicApi> => {
  const { resolved, stop } = await localFunctionResources(tables, ['requestGeneral', 'requestGreen', 'smsGreen'], SECRET_ID);
  const config = createConfigStore(tables.doc, tables.name('config'));
  await loadPipelineDemo(config);
  const by = { by: 'test' };
  await config.put('template', { id: 'CAPTCHA_TMPL', name: '验证码', title: '验证码', content: '验证码 ${code}，${minutes} 分钟内有效。' }, by);
  await config.put('captchaScene', captchaScene().parse({ bizCode: 'LOGIN', description: '登录', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', cooldownSeconds: 0, returnCode: true }), by);

  const send = await importFunction<HttpLambda>('sendMessage', resolved);
  const cSend = await importFunction<HttpLambda>('captchaSend', resolved);
  const cVerify = await importFunction<HttpLambda>('captchaVerify', resolved);
  const getStatus = await importFunction<HttpLambda>('getRequestStatus', resolved);
  return {
    resolved,
    sendMessage: async (apiKey, requestNo) =>
      readEnvelope(await send(httpEvent('POST', '/api/hcmsg/sendMessage', { apiKey, body: JSON.stringify({ ...seedSms, requestNo }) }), lambdaContext('sendMessage'))),
    captchaSend: async (apiKey, phoneNm) =>
      readEnvelope(
        await cSend(apiEvent('/api/hcmsg/captcha/send', { reqId: randomUUID().replaceAll('-', ''), phoneNm, bizCode: 'LOGIN' }, apiKey), lambdaContext('captchaSend')),
      ),
    captchaVerify: async (apiKey, body) =>
      readEnvelope(await cVerify(apiEvent('/api/hcmsg/captcha/verify', { ...body, bizCode: 'LOGIN' }, apiKey), lambdaContext('captchaVerify'))),
    status: async (apiKey, requestNo) =>
      readEnvelope(
        await getStatus(
          httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
          lambdaContext('getRequestStatus'),
        ),
      ),
    stop,
  };
};
