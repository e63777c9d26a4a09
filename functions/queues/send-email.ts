import * as z from 'zod';
import { sendMessageRef } from '#contracts/records';
import { emailProviders } from '#adapters/providers/email';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = parseEnv(z.object({ TABLE_CONFIG: z.string(), TABLE_MESSAGES: z.string(), QUEUE_EMAIL_GENERAL_URL: z.string(), QUEUE_EMAIL_GREEN_URL: z.string(), BUCKET_ATTACHMENTS: z.string() }));
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { EMAIL: { general: env.QUEUE_EMAIL_GENERAL_URL, green: env.QUEUE_EMAIL_GREEN_URL } },
  attachmentsBucket: env.BUCKET_ATTACHMENTS,
  providers: emailProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message) => {
  logger.info('send record', { sendId: message.sendId, ...(await sendRecord(deps, message.sendId)) });
});
