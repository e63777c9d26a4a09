import type { FunctionSpec } from './types.ts';

// Delivery truth (SPEC §9): status reports from every source go through one queue, statusReports,
// to one consumer. The sources: the HTTP gateway's signed receipts (a route), SNS SMS delivery-status
// logs (a CloudWatch Logs subscription, wired in infra/stacks/delivery-events.ts), and SNS topics of
// the SES configuration set and the push platform applications, subscribed to the queue directly.

export const reportFunctions = {
  ingestStatusReports: {
    entry: 'functions/queues/ingest-status-reports.ts',
    memoryMb: 512,
    timeoutSeconds: 30,
    triggers: [{ type: 'queue', queue: 'statusReports', batchSize: 10, maxConcurrency: 10 }],
    // messages: send records (recipient states), reports, the send log's provider-id lookups, request
    // outcomes, suppressions; config + callbackDelivery: the caller's callback once a request is final.
    // statusReports: its own queue, for the delayed copy of a report that came before its send was recorded.
    bindings: { tables: { config: 'read', messages: 'readWrite' }, queues: ['callbackDelivery', 'statusReports'] },
  },
  receiveGatewayReports: {
    entry: 'functions/http/receive-gateway-reports.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    // No caller identity: the body's signature, made with the send type's key, is the check.
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/callbacks/sms/{sendTypeId}', auth: 'none' }],
    bindings: { tables: { config: 'read' }, queues: ['statusReports'], providerSecrets: true },
  },
  receiveSmsDeliveryLogs: {
    entry: 'functions/events/receive-sms-delivery-logs.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    // Invoked by the CloudWatch Logs subscription on SNS's SMS delivery-status log groups (delivery-events.ts).
    triggers: [],
    bindings: { queues: ['statusReports'] },
  },
} as const satisfies Record<string, FunctionSpec>;
