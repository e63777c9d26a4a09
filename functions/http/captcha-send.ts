import { randomInt, randomUUID } from 'node:crypto';
import { captchaSendBody } from '#contracts/captcha';
import { documentClient, loadSqsClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createCaptchaStore } from '#adapters/dynamo/captcha-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { smsProviders } from '#adapters/providers/sms';
import { secretKey, secretsManagerClient } from '#adapters/secret-key';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { sendCaptcha } from '#core/captcha/send-captcha';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';
import { countCaptchaSend } from '#runtime/metrics';

const env = functionEnvOf('captchaSend');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const deps = {
  config,
  store: createCaptchaStore(doc, env.TABLE_CAPTCHA),
  key: secretKey(secretsManagerClient(), env.SECRET_CAPTCHA_KEY_ID),
  providers: smsProviders({ doc, messagesTable: env.TABLE_MESSAGES, config, sqs: loadSqsClient, providerSecretPrefix: env.PROVIDER_SECRET_PREFIX }),
  // SQS loads with the first code a QUEUE scene sends: a deployment whose scenes send directly never needs it.
  queue: sqsPublisher(),
  smsQueueUrl: env.QUEUE_SMS_GREEN_URL,
  now: () => new Date(),
  newId: () => randomUUID().replaceAll('-', ''),
  randomInt: (max: number) => randomInt(max),
};

export const handler = httpHandler({ body: captchaSendBody(), authenticate: withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(doc, env.TABLE_COUNTERS), now: () => new Date(), scope: 'captchaSend' }) }, async (request) => {
  const issued = await sendCaptcha(deps, { ...request.body, institution: request.principal.institution });
  countCaptchaSend();
  return issued;
});
