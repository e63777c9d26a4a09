import { channelMessage } from '#contracts/records';
import { documentClient } from '#adapters/aws-clients';
import { createCaptchaStore } from '#adapters/dynamo/captcha-store';
import { smsProviders } from '#adapters/providers/sms';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { secretKey, secretsManagerClient } from '#adapters/secret-key';
import { deliverCaptcha } from '#core/captcha/deliver-captcha';
import { sendRecord } from '#core/delivery/send-record';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendSms');
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
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
export const handler = sqsHandler(channelMessage, async (message) => {
  switch (message.kind) {
    case 'send':
      logger.info('send record', { sendId: message.sendId, ...(await sendRecord(deps, message.sendId)) });
      return;
    case 'captcha':
      logger.info('captcha', { captchaId: message.captchaId, outcome: await deliverCaptcha(captchaDeps, message) });
      return;
  }
});
