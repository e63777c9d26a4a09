import type { UnregisterDeviceResult } from '#contracts/devices';
import { DomainError } from '#core/errors';
import type { DeviceStore, PushEndpoints } from './device-port.ts';

/**
 * An app unregisters a token (sign-out, uninstall): it is no longer a device of its user, nor a
 * broadcast target. The item goes first (conditionally on what was read), so a send that expands the
 * user after this never picks the token; the SNS side is cleaned up after, idempotently.
 */
export const unregisterDevice = async (
  deps: { devices: DeviceStore; endpoints: PushEndpoints },
  input: { institution: string; deviceNo: string },
): Promise<UnregisterDeviceResult> => {
  const seen = await deps.devices.find(input.institution, input.deviceNo);
  if (!seen) throw new DomainError('NOT_FOUND', `deviceNo: 设备 ${input.deviceNo} 未注册 (device not registered)`, 'deviceNo');
  if (!(await deps.devices.remove(seen))) {
    throw new DomainError('VERSION_CONFLICT', 'deviceNo: 该设备刚被重新注册，请重试 (the device was registered again meanwhile: retry)', 'deviceNo');
  }
  await deps.endpoints.detach(seen);
  return { deviceNo: input.deviceNo, status: 'UNREGISTERED' };
};
