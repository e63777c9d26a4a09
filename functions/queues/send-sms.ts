import * as z from 'zod';
import { channelMessage } from '#contracts/records';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = parseEnv(z.object({ TABLE_CONFIG: z.string(), TABLE_MESSAGES: z.string(), QUEUE_SMS_GENERAL_URL: z.string(), QUEUE_SMS_GREEN_URL: z.string() }));
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { SMS: { general: env.QUEUE_SMS_GENERAL_URL, green: env.QUEUE_SMS_GREEN_URL } },
  log: logger,
});

// The SMS lanes carry two kinds of message; each kind has its own use case.
export const handler = sqsHandler(channelMessage, async (message) => {
  switch (message.kind) {
    case 'send':
      logger.info('send record', { sendId: message.sendId, ...(await sendRecord(deps, message.sendId)) });
      return;
    case 'captcha':
      // Until captcha delivery is wired here, its messages fail visibly (retried, then the DLQ) instead of vanishing.
      throw new Error(`captcha delivery is not handled by this consumer yet (captchaId ${message.captchaId})`);
  }
});
