import type { DeviceType } from '#contracts/config-platform';
import type { MessageRequest } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import type { IndexedRecipient } from '#core/delivery/build-send-records';
import type { DeviceDirectory } from './device-port.ts';

/**
 * Push by account (seed pushType SINGLE_ACCOUNT / MULTI_ACCOUNT): a recipient that names a userId but
 * no deviceNo becomes one recipient per device registered for it, each keeping the userId and carrying
 * its own device type (so an iOS and an Android device of one user each reach their platform). A user
 * without a device stays one recipient that cannot be sent to, and says why: nothing drops silently.
 * A device's position continues after the request's recipients, in token order, so the ids derived
 * from it are the same when the split runs again. A token named directly keeps its registered type.
 */
export const expandAccounts = async (devices: DeviceDirectory, request: Pick<MessageRequest, 'institution' | 'recipientCount'>, recipients: IndexedRecipient[]): Promise<IndexedRecipient[]> => {
  let next = Math.max(request.recipientCount, recipients.length);
  // A token the request names directly goes to the platform it was registered with, when it was.
  const named = recipients.flatMap((r) => (r.deviceNo?.trim() ? [r.deviceNo.trim()] : []));
  const registered = named.length > 0 ? await devices.typesOf(request.institution, named) : new Map<string, string>();
  const out: IndexedRecipient[] = [];
  for (const r of recipients) {
    const userId = r.userId?.trim();
    const deviceNo = r.deviceNo?.trim();
    if (deviceNo || !userId) {
      const type = deviceNo ? registered.get(deviceNo) : undefined;
      out.push(type ? { ...r, deviceType: type } : r);
      continue;
    }
    const found = (await devices.devicesOf(request.institution, userId)).sort((a, b) => a.deviceNo.localeCompare(b.deviceNo));
    if (found.length === 0) {
      out.push({ ...r, problem: `用户 ${userId} 没有已注册的设备 (no device registered for userId ${userId})` });
      continue;
    }
    for (const device of found) out.push({ ...r, index: next++, deviceNo: device.deviceNo, deviceType: device.deviceTypeCode });
  }
  return out;
};

/**
 * pushType ALL: one recipient per device type's broadcast topic (every device of that type is
 * subscribed to it when registered), never one per device. A method naming an iOS or Android device
 * type broadcasts to that type only; one naming none (or a type of platform ALL) to every type.
 */
export const broadcastTargets = async (config: ConfigReader, deviceTypeCode: string | undefined): Promise<IndexedRecipient[]> => {
  const named = deviceTypeCode ? await config.get('deviceType', deviceTypeCode) : undefined;
  const types: DeviceType[] = named && named.platform !== 'ALL' ? [named] : (await config.list('deviceType')).filter((t) => t.platform !== 'ALL');
  return types
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t, index) => ({ index, address: `broadcast:${t.code}`, deviceType: t.code }));
};
