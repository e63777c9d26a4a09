import { deviceParams, registerDeviceBody, registerDeviceResult, unregisterDeviceResult } from './devices.ts';
import type { registerRoute } from './openapi.ts';

// The device registration routes in the OpenAPI document (push by account and broadcast). Called by
// openapi.ts with its registerRoute, so this file does not import it at run time.

const API_KEY_ERRORS = ['API_KEY_MISSING', 'API_KEY_INVALID', 'RATE_LIMITED'];

export const registerDeviceRoutes = (register: typeof registerRoute): void => {
  register({
    method: 'post',
    path: '/api/hcmsg/devices',
    summary: '注册设备 (register a device token for a user)',
    description:
      "The app registers the token of the user signed in on the device. A push naming that userId without deviceNo (pushType SINGLE_ACCOUNT / MULTI_ACCOUNT) then reaches " +
      "each of the user's devices, each through its own device type's platform application (APNs or FCM); pushType ALL reaches every registered device through its type's broadcast topic. " +
      'The same token again is a no-op; a token registered to another user of the institution moves to this one (moved: true).',
    tags: ['devices'],
    auth: 'apiKey',
    body: registerDeviceBody(),
    result: registerDeviceResult(),
    example: {
      request: { userId: 'U-DEMO', deviceNo: 'demo-android-token-1', deviceType: 'ANDROID' },
      response: { deviceNo: 'demo-android-token-1', userId: 'U-DEMO', deviceType: 'ANDROID', status: 'REGISTERED', moved: false, broadcast: true },
    },
    errors: ['VALIDATION', 'MALFORMED_JSON', ...API_KEY_ERRORS, 'VERSION_CONFLICT'],
  });
  register({
    method: 'delete',
    path: '/api/hcmsg/devices/{deviceNo}',
    summary: '注销设备 (unregister a device token)',
    description: "Sign-out or uninstall: the token is no longer a device of its user nor a broadcast target. Only the key's own institution's devices; an unknown token is 404 (50001).",
    tags: ['devices'],
    auth: 'apiKey',
    params: deviceParams(),
    result: unregisterDeviceResult(),
    errors: ['VALIDATION', ...API_KEY_ERRORS, 'NOT_FOUND', 'VERSION_CONFLICT'],
  });
};
