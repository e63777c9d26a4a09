import { channelMessage } from '#contracts/records';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { createCaptchaStore } from '#adapters/dynamo/captcha-store';
import { smsProviders } from '#adapters/providers/sms';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { secretKey, secretsManagerClient } from '#adapters/secret-key';
import { deliverCaptcha } from '#core/captcha/deliver-captcha';
import { sendRecord } from '#core/delivery/send-record';
import { callbackTrigger, mayFinishRequest } from '#adapters/callbacks/callback-wiring';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countCaptchaDelivery, countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendSms');
// The request's callback batch, once its send records are all final (its own queue and consumer).
const finishRequest = callbackTrigger({ doc: documentClient(), sqs: sqsClient(), tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL });
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT },
  lanes: { SMS: laneOf(env, 'sms') },
  statusReportQueue: env.QUEUE_STATUS_REPORTS_URL,
  providers: smsProviders,
  providerSecretPrefix: env.PROVIDER_SECRET_PREFIX,
  log: logger,
});
const captchaDeps = {
  config: deps.config,
  store: createCaptchaStore(documentClient(), env.TABLE_CAPTCHA),
  key: secretKey(secretsManagerClient(), env.SECRET_CAPTCHA_KEY_ID),
  providers: deps.providers,
  now: () => new Date(),
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
      logger.info('captcha', { captchaId: message.captchaId, outcome: countCaptchaDelivery(await deliverCaptcha(captchaDeps, message)) });
      return;
  }
});
