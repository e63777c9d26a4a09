import { requestStatusParams } from '#contracts/request-status';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { eventBridgeScheduler } from '#adapters/scheduler';
import { cancelScheduledRequest } from '#core/messages/cancel-request';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('cancelRequest');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const deps = {
  requests: createRequestProcessingStore(documentClient(), env.TABLE_MESSAGES),
  scheduler: eventBridgeScheduler({ groupName: env.SCHEDULER_GROUP_NAME, roleArn: env.SCHEDULER_ROLE_ARN }),
  now: () => new Date(),
};

// The institution comes from the API key: a caller cancels only its own scheduled requests.
export const handler = httpHandler({ params: requestStatusParams, authenticate: apiKeyAuth(config) }, ({ params, principal }) =>
  cancelScheduledRequest(deps, { institution: principal.institution, requestNo: params.requestNo, by: principal.institution }),
);
