import type { RegisterDeviceBody, RegisterDeviceResult, StoredDevice } from '#contracts/devices';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import type { DeviceStore, PushEndpoints } from './device-port.ts';

export interface DeviceDeps {
  config: ConfigReader;
  devices: DeviceStore;
  endpoints: PushEndpoints;
  now: () => Date;
}

/** Two registrations of one token racing: each retry reads what the other wrote. */
const MAX_TRIES = 3;

const sameTarget = (a: StoredDevice, b: Pick<StoredDevice, 'userId' | 'deviceTypeCode'>) => a.userId === b.userId && a.deviceTypeCode === b.deviceTypeCode;

/**
 * An app registers the token of the user signed in on a device. The same token again is a no-op
 * (no write); a token registered to another user moves to this one; a token whose device type
 * changed gets the new platform's endpoint. The endpoint and broadcast subscription are made before
 * the item is written (both idempotent), so an item never names an endpoint that does not exist.
 */
export const registerDevice = async (deps: DeviceDeps, input: RegisterDeviceBody & { institution: string }): Promise<RegisterDeviceResult> => {
  const deviceType = await deps.config.get('deviceType', input.deviceType);
  if (!deviceType) throw new DomainError('VALIDATION', `deviceType: 设备类型 ${input.deviceType} 未配置 (unknown device type)`, 'deviceType');
  const broadcast = !deviceType.platformApplicationArn || !!deviceType.broadcastTopicArn;
  const result = (moved: boolean): RegisterDeviceResult => ({ deviceNo: input.deviceNo, userId: input.userId, deviceType: deviceType.code, status: 'REGISTERED', moved, broadcast });

  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const seen = await deps.devices.find(input.institution, input.deviceNo);
    const target = { userId: input.userId, deviceTypeCode: deviceType.code };
    if (seen && sameTarget(seen, target)) return result(false);
    const sameType = seen?.deviceTypeCode === deviceType.code;
    const sns = sameType ? { endpointArn: seen.endpointArn, subscriptionArn: seen.subscriptionArn } : await deps.endpoints.attach(deviceType, input.deviceNo);
    const at = deps.now().toISOString();
    const device: StoredDevice = {
      institution: input.institution,
      deviceNo: input.deviceNo,
      ...target,
      ...(sns.endpointArn ? { endpointArn: sns.endpointArn } : {}),
      ...(sns.subscriptionArn ? { subscriptionArn: sns.subscriptionArn } : {}),
      registeredAt: at,
      updatedAt: at,
    };
    if (await deps.devices.put(device, seen)) {
      // The old platform's endpoint would keep receiving broadcasts for a token it no longer serves.
      if (seen && !sameType) await deps.endpoints.detach(seen);
      return result(!!seen && seen.userId !== input.userId);
    }
  }
  throw new DomainError('VERSION_CONFLICT', `deviceNo: 该设备正被同时注册，请重试 (the device is being registered concurrently: retry)`, 'deviceNo');
};
