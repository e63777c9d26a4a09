import { sendMessageRef } from '#contracts/records';
import { emailProviders } from '#adapters/providers/email';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendEmail');
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { EMAIL: laneOf(env, 'email') },
  attachmentsBucket: env.BUCKET_ATTACHMENTS,
  statusReportQueue: env.QUEUE_STATUS_REPORTS_URL,
  providers: emailProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message) => {
  logger.info('send record', { sendId: message.sendId, ...(await sendRecord(deps, message.sendId)) });
});
