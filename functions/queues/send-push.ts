import * as z from 'zod';
import { sendMessageRef } from '#contracts/records';
import { pushProviders } from '#adapters/providers/push';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = parseEnv(z.object({ TABLE_CONFIG: z.string(), TABLE_MESSAGES: z.string(), QUEUE_PUSH_GENERAL_URL: z.string(), QUEUE_PUSH_GREEN_URL: z.string() }));
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { PUSH: { general: env.QUEUE_PUSH_GENERAL_URL, green: env.QUEUE_PUSH_GREEN_URL } },
  providers: pushProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message) => {
  logger.info('send record', { sendId: message.sendId, ...(await sendRecord(deps, message.sendId)) });
});
