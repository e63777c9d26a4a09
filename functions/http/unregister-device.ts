import { SNSClient } from '@aws-sdk/client-sns';
import { deviceParams } from '#contracts/devices';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createDeviceStore } from '#adapters/dynamo/device-store';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { lazy } from '#adapters/providers/index';
import { snsPushEndpoints } from '#adapters/providers/sns-push-endpoints';
import { unregisterDevice } from '#core/devices/unregister-device';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';

const env = functionEnvOf('unregisterDevice');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const deps = {
  devices: createDeviceStore(documentClient(), env.TABLE_MESSAGES),
  endpoints: snsPushEndpoints(lazy(() => new SNSClient({ maxAttempts: 2 }))),
};
const authenticate = withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(documentClient(), env.TABLE_COUNTERS), now: () => new Date(), scope: 'unregisterDevice' });

export const handler = httpHandler({ params: deviceParams(), authenticate }, ({ params, principal }) => unregisterDevice(deps, { institution: principal.institution, deviceNo: params.deviceNo }));
