import type { FunctionSpec } from './types.ts';

// Push by account and broadcast (pushType ALL): the apps register their users' device tokens.

const endpoints = {
  scope: 'snsPush',
  actions: ['sns:CreatePlatformEndpoint', 'sns:DeleteEndpoint'],
  reason: "a registered device token becomes an endpoint of its device type's platform application (APNs or FCM); unregistering deletes it",
} as const;
const broadcastSubscriptions = {
  scope: 'pushBroadcastTopics',
  actions: ['sns:Subscribe', 'sns:Unsubscribe'],
  reason: "a registered device's endpoint is subscribed to its device type's broadcast topic (pushType ALL)",
} as const;

export const deviceFunctions = {
  registerDevice: {
    entry: 'functions/http/register-device.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/devices', auth: 'apiKey' }],
    // counters: the institution's API rate.
    bindings: { tables: { config: 'read', messages: 'readWrite', counters: 'readWrite' }, services: [endpoints, broadcastSubscriptions] },
  },
  unregisterDevice: {
    entry: 'functions/http/unregister-device.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'DELETE', path: '/api/hcmsg/devices/{deviceNo}', auth: 'apiKey' }],
    bindings: { tables: { config: 'read', messages: 'readWrite', counters: 'readWrite' }, services: [endpoints, broadcastSubscriptions] },
  },
} as const satisfies Record<string, FunctionSpec>;
