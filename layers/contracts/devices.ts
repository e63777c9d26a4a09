import * as z from 'zod/mini';
import { code } from './config-common.ts';
import { described, idText, lazily } from './primitives.ts';

// POST /api/hcmsg/devices and DELETE /api/hcmsg/devices/{deviceNo}: the apps register the device
// tokens of their signed-in users, so a push can name a userId (push by account, pushType
// SINGLE_ACCOUNT / MULTI_ACCOUNT without deviceNo) and a broadcast (pushType ALL) reaches every device.
// Built on first use: splitRequest reads stored devices only for a push by account.

/** A device token (终端账户): opaque, without whitespace or URL delimiters (it is also a path segment). */
const deviceNo = () => idText(256).check(z.refine<string>((s) => /^[^\s/?#%\\]+$/.test(s), { message: '不能包含空白或 / ? # % \\ (no whitespace or URL delimiters)' }));

export const registerDeviceBody = lazily(() => z
  .object({
    userId: described(idText(64), { description: '接收用户ID: the user signed in on the device (the userId sendMessage names)', example: 'U0001' }),
    deviceNo: described(deviceNo(), { description: '终端账户: the APNs/FCM device token', example: 'fcm-token-0001' }),
    deviceType: described(code(), { description: '设备类型: a configured device type code (DEVICE_TYPE_CONFIG), e.g. IOS or ANDROID', example: 'ANDROID' }),
  }).check(z.meta({ description: '注册设备 (register a device token for a user)' })));
export type RegisterDeviceBody = z.infer<ReturnType<typeof registerDeviceBody>>;

export const deviceParams = lazily(() => z.object({
  deviceNo: described(deviceNo(), { description: '终端账户 (the device token)', example: 'fcm-token-0001' }),
}));

/** One device of one institution's app: one item per token (docs/ARCHITECTURE.md → devices). */
export const storedDevice = lazily(() => z.object({
  institution: z.string(),
  deviceNo: z.string(),
  userId: z.string(),
  deviceTypeCode: z.string(),
  /** SNS platform endpoint of the token, when the device type has a platform application. */
  endpointArn: z.optional(z.string()),
  /** The endpoint's subscription to the device type's broadcast topic, when it has one. */
  subscriptionArn: z.optional(z.string()),
  registeredAt: z.string(),
  updatedAt: z.string(),
}));
export type StoredDevice = z.infer<ReturnType<typeof storedDevice>>;

export const registerDeviceResult = lazily(() => z.object({
  deviceNo: z.string(),
  userId: z.string(),
  deviceType: z.string(),
  status: z.literal('REGISTERED'),
  /** true when the token was registered to another user before (it moved). */
  moved: described(z.boolean(), { description: 'the token belonged to another user of the institution and now belongs to this one' }),
  broadcast: described(z.boolean(), { description: 'the device receives pushType ALL broadcasts (its device type has a broadcast topic, or the OUTBOX)' }),
}));
export type RegisterDeviceResult = z.infer<ReturnType<typeof registerDeviceResult>>;

export const unregisterDeviceResult = lazily(() => z.object({
  deviceNo: z.string(),
  status: z.literal('UNREGISTERED'),
}));
export type UnregisterDeviceResult = z.infer<ReturnType<typeof unregisterDeviceResult>>;
