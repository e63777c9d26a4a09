import { SEND_MESSAGE_MAX_BODY_BYTES, sendMessageBody } from '#contracts/send-message';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import { createRequestIntakeStore } from '#adapters/dynamo/request-intake-store';
import { eventBridgeScheduler } from '#adapters/scheduler';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { acceptMessage } from '#core/messages/accept-message';
import { apiKeyAuth, assertSameInstitution } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';
import { countRequestAccepted } from '#runtime/metrics';
import { logger } from '#runtime/observability';

const env = functionEnvOf('sendMessage');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const deps = {
  config,
  store: createRequestIntakeStore(documentClient(), env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  queues: laneOf(env, 'request'),
  now: () => new Date(),
  log: logger,
  scheduler: eventBridgeScheduler({ groupName: env.SCHEDULER_GROUP_NAME, roleArn: env.SCHEDULER_ROLE_ARN }),
  attachments: createAttachmentStore(documentClient(), env.TABLE_MESSAGES),
};

export const handler = httpHandler(
  { body: sendMessageBody(), maxBodyBytes: SEND_MESSAGE_MAX_BODY_BYTES, authenticate: withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(documentClient(), env.TABLE_COUNTERS), now: () => new Date(), scope: 'sendMessage' }) },
  async ({ body, principal }) => {
    assertSameInstitution(principal, body.institution);
    const accepted = await acceptMessage(deps, body);
    countRequestAccepted();
    return accepted;
  },
);
