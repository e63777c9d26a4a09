import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { rescanSendRecords } from '#core/delivery/rescan';
import { channelLaneEnv, channelLanes } from '#runtime/channel-lanes';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = parseEnv(
  z.object({
    TABLE_MESSAGES: z.string(),
    ...channelLaneEnv.shape,
  }),
);
const deps = {
  sendRecords: createSendRecordStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: channelLanes(env),
  log: logger,
};

export const handler = scheduleHandler((now) => rescanSendRecords(deps, now));
