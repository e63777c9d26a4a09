import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { createDeviceStore } from '#adapters/dynamo/device-store';
import { snsPushEndpoints } from '#adapters/providers/sns-push-endpoints';
import { registerDevice } from '#core/devices/register-device';
import { isDomainError } from '#core/errors';
import type { SeedContext } from '../platform.ts';

// Push by account and broadcast (README "App push by account"): the business type APP_NOTICE sends an
// app push only, and the demo user U-DEMO has an Android and an iOS device. The device types have no
// platform application locally, so the OUTBOX shows each push with the device type it would go to.

export const DEMO_PUSH_USER = 'U-DEMO';
export const DEMO_DEVICES = [
  { deviceNo: 'demo-android-token-1', deviceType: 'ANDROID' },
  { deviceNo: 'demo-ios-token-1', deviceType: 'IOS' },
] as const;

const by = { by: 'demo' };

/** APP_NOTICE → PUSH_OUTBOX (every device type: a broadcast reaches each type's topic once). Kept if present. */
export const loadDevicesConfig = async (store: ConfigStore): Promise<void> => {
  const puts = [
    () => store.put('bizType', { code: 'APP_NOTICE', name: 'APP 通知', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by),
    () => store.put('dispatchConfig', { id: 'APP_NOTICE', name: 'APP 通知 → APP 推送 (按账户或广播)', enabled: true, priority: 10, match: { bizType: 'APP_NOTICE' }, sendLimit: 3 }, by),
    () => store.put('dispatchMethod', { id: 'APP_NOTICE_PUSH', dispatchConfigId: 'APP_NOTICE', sendTypeId: 'PUSH_OUTBOX', greenLane: false, enabled: true }, by),
  ];
  for (const put of puts) {
    try {
      await put();
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

export const devicesDemo = {
  name: 'devices',
  load: async (context: SeedContext) => {
    const doc = DynamoDBDocumentClient.from(context.dynamo.client);
    const config = createConfigStore(doc, context.resolved.table('config'));
    await loadDevicesConfig(config);
    // Through the use case and adapters the API runs; the demo device types have no platform application, so SNS is never called.
    const deps = { config, devices: createDeviceStore(doc, context.resolved.table('messages')), endpoints: snsPushEndpoints(() => new SNSClient({})), now: () => new Date() };
    for (const device of DEMO_DEVICES) await registerDevice(deps, { institution: 'OUTPLATFORM', userId: DEMO_PUSH_USER, ...device });
  },
};
