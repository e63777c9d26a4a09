import { sendMessageRef } from '#contracts/records';
import { emailProviders } from '#adapters/providers/email';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { documentClient } from '#adapters/aws-clients';
import { sendRecord } from '#core/delivery/send-record';
import { callbackTrigger, mayFinishRequest } from '#adapters/callbacks/callback-wiring';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendEmail');
// The request's callback batch, once its send records are all final (its own queue and consumer).
const finishRequest = callbackTrigger({ doc: documentClient(), tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL });
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT },
  lanes: { EMAIL: laneOf(env, 'email') },
  attachmentsBucket: env.BUCKET_ATTACHMENTS,
  statusReportQueue: env.QUEUE_STATUS_REPORTS_URL,
  providers: emailProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message, meta) => {
  const result = await sendRecord(deps, message.sendId, { receiveCount: meta.receiveCount });
  logger.info('send record', { sendId: message.sendId, ...countDelivery('EMAIL', result) });
  if (mayFinishRequest(result)) await finishRequest(message.sendId);
});
