import { documentClient, sqsClient } from '#adapters/aws-clients';
import { requestsInFlight } from '#adapters/dynamo/in-flight-sweep';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { rescanRequests } from '#core/delivery/rescan';
import { requestDueAt, sweepInFlight } from '#core/delivery/sweep';
import { laneOf } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = functionEnvOf('rescanRequests');
const deps = {
  requests: createRequestProcessingStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: laneOf(env, 'request'),
  log: logger,
};

const inFlight = { source: requestsInFlight(documentClient(), env.TABLE_MESSAGES), log: logger };

export const handler = scheduleHandler(async (now) => ({ sweep: await sweepInFlight(inFlight, requestDueAt, now), ...(await rescanRequests(deps, now)) }));
