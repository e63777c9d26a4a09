import { SNSClient } from '@aws-sdk/client-sns';
import { registerDeviceBody } from '#contracts/devices';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createDeviceStore } from '#adapters/dynamo/device-store';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { lazy } from '#adapters/providers/index';
import { snsPushEndpoints } from '#adapters/providers/sns-push-endpoints';
import { registerDevice } from '#core/devices/register-device';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';

const env = functionEnvOf('registerDevice');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const deps = {
  config,
  devices: createDeviceStore(documentClient(), env.TABLE_MESSAGES),
  endpoints: snsPushEndpoints(lazy(() => new SNSClient({ maxAttempts: 2 }))),
  now: () => new Date(),
};
const authenticate = withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(documentClient(), env.TABLE_COUNTERS), now: () => new Date(), scope: 'registerDevice' });

// The institution comes from the API key: an app registers devices of its own institution only.
export const handler = httpHandler({ body: registerDeviceBody(), authenticate }, ({ body, principal }) => registerDevice(deps, { ...body, institution: principal.institution }));
