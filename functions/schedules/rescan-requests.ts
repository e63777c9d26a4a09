import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { requestsInFlight } from '#adapters/dynamo/in-flight-sweep';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { rescanRequests } from '#core/delivery/rescan';
import { requestDueAt, sweepInFlight } from '#core/delivery/sweep';
import { parseEnv } from '#runtime/env';
import { logger } from '#runtime/observability';
import { scheduleHandler } from '#runtime/schedule-handler';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string(), QUEUE_REQUEST_GENERAL_URL: z.string(), QUEUE_REQUEST_GREEN_URL: z.string() }));
const deps = {
  requests: createRequestProcessingStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: { general: env.QUEUE_REQUEST_GENERAL_URL, green: env.QUEUE_REQUEST_GREEN_URL },
  log: logger,
};

const inFlight = { source: requestsInFlight(documentClient(), env.TABLE_MESSAGES), log: logger };

export const handler = scheduleHandler(async (now) => ({ sweep: await sweepInFlight(inFlight, requestDueAt, now), ...(await rescanRequests(deps, now)) }));
