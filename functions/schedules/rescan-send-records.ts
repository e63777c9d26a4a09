import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { sendRecordsInFlight } from '#adapters/dynamo/in-flight-sweep';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { runSendRecordRescan } from '#core/delivery/rescan-runs';
import { channelLanes } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = functionEnvOf('rescanSendRecords');
const deps = {
  config: cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG)),
  inFlight: sendRecordsInFlight(documentClient(), env.TABLE_MESSAGES),
  sendRecords: createSendRecordStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  lanes: channelLanes(env),
  log: logger,
};

export const handler = scheduleHandler((now) => runSendRecordRescan(deps, now));
