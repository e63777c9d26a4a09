import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { requestsInFlight } from '#adapters/dynamo/in-flight-sweep';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { runRequestRescan } from '#core/delivery/rescan-runs';
import { laneOf } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = functionEnvOf('rescanRequests');
const deps = {
  config: cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG)),
  inFlight: requestsInFlight(documentClient(), env.TABLE_MESSAGES),
  requests: createRequestProcessingStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  lanes: laneOf(env, 'request'),
  log: logger,
};

export const handler = scheduleHandler((now) => runRequestRescan(deps, now));
