import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { rescanSendRecords } from '#core/delivery/rescan';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const url = z.string().min(1);
const env = parseEnv(
  z.object({
    TABLE_MESSAGES: z.string(),
    QUEUE_SMS_GENERAL_URL: url,
    QUEUE_SMS_GREEN_URL: url,
    QUEUE_EMAIL_GENERAL_URL: url,
    QUEUE_EMAIL_GREEN_URL: url,
    QUEUE_PUSH_GENERAL_URL: url,
    QUEUE_PUSH_GREEN_URL: url,
    QUEUE_MQ_GENERAL_URL: url,
    QUEUE_MQ_GREEN_URL: url,
  }),
);
const deps = {
  sendRecords: createSendRecordStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: {
    SMS: { general: env.QUEUE_SMS_GENERAL_URL, green: env.QUEUE_SMS_GREEN_URL },
    EMAIL: { general: env.QUEUE_EMAIL_GENERAL_URL, green: env.QUEUE_EMAIL_GREEN_URL },
    PUSH: { general: env.QUEUE_PUSH_GENERAL_URL, green: env.QUEUE_PUSH_GREEN_URL },
    MQ: { general: env.QUEUE_MQ_GENERAL_URL, green: env.QUEUE_MQ_GREEN_URL },
  },
  log: logger,
};

export const handler = scheduleHandler((now) => rescanSendRecords(deps, now));
