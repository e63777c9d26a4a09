import * as z from 'zod';
import { SEND_MESSAGE_MAX_BODY_BYTES, sendMessageBody } from '#contracts/send-message';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRequestIntakeStore } from '#adapters/dynamo/request-intake-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { acceptMessage } from '#core/messages/accept-message';
import { apiKeyAuth, assertSameInstitution } from '#runtime/api-key-auth';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { logger } from '#runtime/observability';

const env = parseEnv(
  z.object({ TABLE_CONFIG: z.string(), TABLE_MESSAGES: z.string(), QUEUE_REQUEST_GENERAL_URL: z.string(), QUEUE_REQUEST_GREEN_URL: z.string() }),
);
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const deps = {
  config,
  store: createRequestIntakeStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  queues: { general: env.QUEUE_REQUEST_GENERAL_URL, green: env.QUEUE_REQUEST_GREEN_URL },
  now: () => new Date(),
  log: logger,
};

export const handler = httpHandler(
  { body: sendMessageBody, maxBodyBytes: SEND_MESSAGE_MAX_BODY_BYTES, authenticate: apiKeyAuth(config) },
  async ({ body, principal }) => {
    assertSameInstitution(principal, body.institution);
    return acceptMessage(deps, body);
  },
);
