import { documentClient, sqsClient } from '#adapters/aws-clients';
import { sendRecordsInFlight } from '#adapters/dynamo/in-flight-sweep';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { rescanSendRecords } from '#core/delivery/rescan';
import { sendRecordDueAt, sweepInFlight } from '#core/delivery/sweep';
import { channelLanes } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = functionEnvOf('rescanSendRecords');
const deps = {
  sendRecords: createSendRecordStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: channelLanes(env),
  log: logger,
};

const inFlight = { source: sendRecordsInFlight(documentClient(), env.TABLE_MESSAGES), log: logger };

export const handler = scheduleHandler(async (now) => ({ sweep: await sweepInFlight(inFlight, sendRecordDueAt, now), ...(await rescanSendRecords(deps, now)) }));
