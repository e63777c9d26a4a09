import { routesOf } from './admin-triggers.ts';
import type { FunctionSpec } from './types.ts';

// What comes back after sending (SPEC §9): inbound SMS from the gateway and from AWS two-way SMS,
// caller callbacks (their own queue and consumer, so a slow endpoint never slows sending), and the
// admin routes for suppressions, inbound SMS and callbacks.

const inboundTables = { config: 'readWrite', messages: 'readWrite', audit: 'readWrite' } as const;

export const feedbackFunctions = {
  smsInboundCallback: {
    entry: 'functions/http/sms-inbound-callback.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/callbacks/sms/{sendTypeId}/inbound', auth: 'none' }],
    // config readWrite + audit: an unsubscribe writes blacklist entries with their audit entries;
    // provider secrets: the gateway send type's signing key checks the callback's signature.
    bindings: { tables: inboundTables, providerSecrets: true },
  },
  receiveInboundSms: {
    entry: 'functions/queues/receive-inbound-sms.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    triggers: [{ type: 'queue', queue: 'inboundSms', batchSize: 10, maxConcurrency: 2 }],
    bindings: { tables: inboundTables },
  },
  deliverCallbacks: {
    entry: 'functions/queues/deliver-callbacks.ts',
    memoryMb: 256,
    // One 5 s POST per message, ten per batch at most: well inside 60 s.
    timeoutSeconds: 60,
    triggers: [{ type: 'queue', queue: 'callbackDelivery', batchSize: 10, maxConcurrency: 5 }],
    // callbackDelivery: its URL for ChangeMessageVisibility (the backoff); callbackKey opens the signing secrets.
    bindings: { tables: { config: 'read', messages: 'readWrite' }, queues: ['callbackDelivery'], secrets: ['callbackKey'] },
  },
  adminDelivery: {
    entry: 'functions/http/admin-delivery.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: routesOf('adminDelivery'),
    // config readWrite: callback settings; callbackKey seals new signing secrets; callbackDelivery: replays.
    bindings: { tables: { config: 'readWrite', messages: 'readWrite', audit: 'readWrite' }, queues: ['callbackDelivery'], secrets: ['callbackKey'] },
  },
} as const satisfies Record<string, FunctionSpec>;
