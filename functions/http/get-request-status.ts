import { requestStatusParams } from '#contracts/request-status';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { createRequestStatusQuery } from '#adapters/dynamo/request-status-query';
import { getRequestStatus } from '#core/messages/request-status';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';

const env = functionEnvOf('getRequestStatus');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const query = createRequestStatusQuery(documentClient(), env.TABLE_MESSAGES);
const rateLimited = withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(documentClient(), env.TABLE_COUNTERS), now: () => new Date(), scope: 'getRequestStatus' });

// The institution comes from the API key, so a caller only ever sees its own requests.
export const handler = httpHandler({ params: requestStatusParams, authenticate: rateLimited }, async ({ params, principal }) =>
  getRequestStatus(query, { institution: principal.institution, requestNo: params.requestNo }),
);
