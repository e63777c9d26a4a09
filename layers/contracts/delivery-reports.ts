import * as z from 'zod/mini';
import { channelKind } from './config-common.ts';
import { providerKind } from './config-platform.ts';
import { described, lazily } from './primitives.ts';
import { reportSource, reportStatus, suppressionReason } from './report-kinds.ts';

// Delivery truth (SPEC §9): the send log (MSG_LOG), status reports (MSG_REPORT) as stored, the one
// report message the statusReports queue carries, and the shapes each source sends us (AWS's
// documented payloads, and our HTTP gateway's receipt callback).

/** MSG_LOG 短信发送日志: one provider call. */
export const sendLogEntry = lazily(() =>
  z.object({
    id: described(z.string(), { description: '<message id>#<call time>: one per provider call' }),
    messageId: described(z.string(), { description: '<sendId>#<recipient index>, or the captcha id' }),
    channel: channelKind(),
    provider: providerKind,
    sendTypeId: z.optional(z.string()),
    institution: z.optional(z.string()),
    requestNo: z.optional(z.string()),
    sendId: z.optional(z.string()),
    to: described(z.string(), { description: 'the address, masked (133****9238)' }),
    /** sha256 of the normalised address, so an exact mobile or e-mail search needs no address in the clear. */
    toHash: z.string(),
    outcome: described(z.enum(['ACCEPTED', 'FAILED', 'REJECTED']), { description: 'ACCEPTED by the provider; FAILED retryable; REJECTED final' }),
    providerMessageId: z.optional(z.string()),
    error: z.optional(z.string()),
    latencyMs: z.int(),
    createdAt: described(z.string(), { description: 'when the call started' }),
  }),
);
export type SendLogEntry = z.infer<ReturnType<typeof sendLogEntry>>;

export { reportSource, reportStatus, suppressionReason } from './report-kinds.ts';

/** One status report, normalised from its source: the statusReports queue's message. */
export const statusReport = z.object({
  kind: z.literal('report'),
  source: reportSource,
  /** The source's own id of this event: with the status it makes a redelivered report a duplicate. */
  eventId: z.string().check(z.minLength(1), z.maxLength(200)),
  eventAt: z.string(),
  status: reportStatus,
  providerMessageId: z.optional(z.string().check(z.maxLength(200))),
  /** Ours (<sendId>#<index>) when the source carries it back (gateway receipt, OUTBOX). */
  messageId: z.optional(z.string().check(z.maxLength(200))),
  address: z.optional(z.string().check(z.maxLength(320))),
  detail: z.optional(z.string().check(z.maxLength(500))),
  suppress: z.optional(suppressionReason),
  /** Times it was queued again because its send was not recorded yet (ingest-status-report.ts). */
  earlyTries: z.optional(z.int().check(z.gte(1), z.lte(100))),
});
export type StatusReport = z.infer<typeof statusReport>;

/** MSG_REPORT 短信接收状态报告, as stored: matched to its send record and recipient, or kept unmatched. */
export const storedReport = lazily(() =>
  z.object({
    id: z.string(),
    source: reportSource,
    receiveStatus: reportStatus,
    result: described(z.enum(['APPLIED', 'LATE', 'UNMATCHED']), { description: 'APPLIED changed the recipient; LATE came after a final state; UNMATCHED found no message' }),
    providerMessageId: z.optional(z.string()),
    messageId: z.optional(z.string()),
    sendId: z.optional(z.string()),
    requestNo: z.optional(z.string()),
    institution: z.optional(z.string()),
    channel: z.optional(channelKind()),
    mobile: described(z.optional(z.string()), { description: 'the address reported (mobile, e-mail or device)' }),
    detail: z.optional(z.string()),
    eventAt: z.string(),
    createdAt: z.string(),
  }),
);
export type StoredReport = z.infer<ReturnType<typeof storedReport>>;

// ---- What the sources send (documented payloads; unknown fields are ignored) ----
// Built the first time they are asked for (like the log and stored report above, which only give
// types at runtime): each function reads one or two sources, and building them all cost every
// function that imports this module ~180 zod objects at load (docs/ARCHITECTURE.md → Cold starts).

/** SNS SMS delivery-status logging: one CloudWatch Logs event's message. */
export const snsSmsDeliveryLog = lazily(() =>
  z.object({
    notification: z.object({ messageId: z.string(), timestamp: z.string() }),
    delivery: z.looseObject({ destination: z.optional(z.string()), providerResponse: z.optional(z.string()) }),
    status: z.enum(['SUCCESS', 'FAILURE']),
  }),
);

/** A CloudWatch Logs subscription's decoded `awslogs.data`. */
export const cloudWatchLogsData = lazily(() =>
  z.object({
    messageType: z.string(),
    logGroup: z.string(),
    logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
  }),
);

/** SES event publishing through a configuration set (eventType), or identity notifications (notificationType). */
export const sesEvent = lazily(() => {
  const recipients = z.array(z.looseObject({ emailAddress: z.string() }));
  return z
    .looseObject({
      eventType: z.optional(z.string()),
      notificationType: z.optional(z.string()),
      mail: z.looseObject({ messageId: z.string(), timestamp: z.string(), destination: z.optional(z.array(z.string())) }),
      delivery: z.optional(z.looseObject({ timestamp: z.string(), recipients: z.array(z.string()), smtpResponse: z.optional(z.string()) })),
      bounce: z.optional(z.looseObject({ bounceType: z.string(), bounceSubType: z.optional(z.string()), bouncedRecipients: recipients, timestamp: z.string(), feedbackId: z.string() })),
      complaint: z.optional(z.looseObject({ complainedRecipients: recipients, timestamp: z.string(), feedbackId: z.string(), complaintFeedbackType: z.optional(z.string()) })),
    }).check(z.refine((e) => Boolean(e.eventType ?? e.notificationType), 'eventType'));
});

/** SNS mobile push: the platform application's EventDeliveryFailure notification. */
export const pushDeliveryFailure = lazily(() =>
  z.looseObject({
    EventType: z.literal('DeliveryFailure'),
    EndpointArn: z.string(),
    FailureType: z.string(),
    FailureMessage: z.optional(z.string()),
    MessageId: z.string(),
    Time: z.string(),
  }),
);

/** An SNS notification envelope (a topic's subscription without raw message delivery). */
export const snsEnvelope = lazily(() =>
  z.looseObject({ Type: z.literal('Notification'), MessageId: z.string(), Message: z.string() }),
);

/**
 * POST /api/hcmsg/callbacks/sms/{sendTypeId}: the HTTP gateway's delivery receipts, signed with the
 * send type's key (x-timestamp, x-signature = hex HMAC-SHA256 over `timestamp.body`).
 */
export const gatewayReceipt = z.object({
  messageId: z.string().check(z.minLength(1), z.maxLength(200), z.describe('ours, as the send call gave it (its idempotency key)')),
  providerMessageId: z.optional(z.string().check(z.maxLength(200))),
  mobile: z.optional(z.string().check(z.maxLength(32))),
  status: reportStatus,
  errorCode: z.optional(z.string().check(z.maxLength(100))),
  reportTime: z
    .string().check(z.maxLength(40), z.refine((t) => !Number.isNaN(Date.parse(t)), { message: '应为时间, 如 2026-12-01T10:00:00+08:00 (a date-time)' })),
});
export const gatewayReceipts = z.object({ reports: z.array(gatewayReceipt).check(z.minLength(1), z.maxLength(500)) });
export type GatewayReceipts = z.infer<typeof gatewayReceipts>;
