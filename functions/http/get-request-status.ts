import { requestStatusParams } from '#contracts/request-status';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRequestStatusQuery } from '#adapters/dynamo/request-status-query';
import { getRequestStatus } from '#core/messages/request-status';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('getRequestStatus');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const query = createRequestStatusQuery(documentClient(), env.TABLE_MESSAGES);

// The institution comes from the API key, so a caller only ever sees its own requests.
export const handler = httpHandler({ params: requestStatusParams, authenticate: apiKeyAuth(config) }, async ({ params, principal }) =>
  getRequestStatus(query, { institution: principal.institution, requestNo: params.requestNo }),
);
