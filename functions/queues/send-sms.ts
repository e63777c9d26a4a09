import { channelMessage } from '#contracts/records';
import { documentClient } from '#adapters/aws-clients';
import { smsProviders } from '#adapters/providers/sms';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import type { CaptchaRef } from '#core/captcha/captcha-port';
import type { DeliverOutcome } from '#core/captcha/deliver-captcha';
import { sendRecord } from '#core/delivery/send-record';
import { callbackTrigger, mayFinishRequest } from '#adapters/callbacks/callback-wiring';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countCaptchaDelivery, countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendSms');
// The request's callback batch, once its send records are all final (its own queue and consumer).
const finishRequest = callbackTrigger({ doc: documentClient(), tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL });
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT },
  lanes: { SMS: laneOf(env, 'sms') },
  statusReportQueue: env.QUEUE_STATUS_REPORTS_URL,
  providers: smsProviders,
  providerSecretPrefix: env.PROVIDER_SECRET_PREFIX,
  log: logger,
});
const captchaKeyId = env.SECRET_CAPTCHA_KEY_ID;
// Captcha codes are the lanes' other kind of message: their store, key (Secrets Manager) and use case
// load with the first one, so a container that only sends records never parses them.
let captcha: Promise<(ref: CaptchaRef) => Promise<DeliverOutcome>> | undefined;
const captchaTable = env.TABLE_CAPTCHA;
const deliverCaptchaCode = async (ref: CaptchaRef) => {
  captcha ??= Promise.all([import('#adapters/dynamo/captcha-store'), import('#adapters/secret-key'), import('#core/captcha/deliver-captcha')]).then(([{ createCaptchaStore }, { secretKey, secretsManagerClient }, { deliverCaptcha }]) => {
    const captchaDeps = { config: deps.config, store: createCaptchaStore(documentClient(), captchaTable), key: secretKey(secretsManagerClient(), captchaKeyId), providers: deps.providers, now: () => new Date() };
    return (r: CaptchaRef) => deliverCaptcha(captchaDeps, r);
  }).catch((error: unknown) => ((captcha = undefined), Promise.reject(error))); // a failed load is tried again (as adapters/providers `deferred`)
  return (await captcha)(ref);
};

// The SMS lanes carry two kinds of message; each kind has its own use case.
export const handler = sqsHandler(channelMessage, async (message, meta) => {
  switch (message.kind) {
    case 'send': {
      const result = await sendRecord(deps, message.sendId, { receiveCount: meta.receiveCount });
      logger.info('send record', { sendId: message.sendId, ...countDelivery('SMS', result) });
      if (mayFinishRequest(result)) await finishRequest(message.sendId);
      return;
    }
    case 'captcha':
      logger.info('captcha', { captchaId: message.captchaId, outcome: countCaptchaDelivery(await deliverCaptchaCode(message)) });
      return;
  }
});
