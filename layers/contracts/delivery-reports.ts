import * as z from 'zod';
import { channelKind } from './config-common.ts';
import { providerKind } from './config-platform.ts';

// Delivery truth (SPEC §9): the send log (MSG_LOG), status reports (MSG_REPORT) as stored, the one
// report message the statusReports queue carries, and the shapes each source sends us (AWS's
// documented payloads, and our HTTP gateway's receipt callback).

/** MSG_LOG 短信发送日志: one provider call. */
export const sendLogEntry = z.object({
  id: z.string().describe('<message id>#<call time>: one per provider call'),
  messageId: z.string().describe('<sendId>#<recipient index>, or the captcha id'),
  channel: channelKind,
  provider: providerKind,
  sendTypeId: z.string().optional(),
  institution: z.string().optional(),
  requestNo: z.string().optional(),
  sendId: z.string().optional(),
  to: z.string().describe('the address, masked (133****9238)'),
  /** sha256 of the normalised address, so an exact mobile or e-mail search needs no address in the clear. */
  toHash: z.string(),
  outcome: z.enum(['ACCEPTED', 'FAILED', 'REJECTED']).describe('ACCEPTED by the provider; FAILED retryable; REJECTED final'),
  providerMessageId: z.string().optional(),
  error: z.string().optional(),
  latencyMs: z.number().int(),
  createdAt: z.string().describe('when the call started'),
});
export type SendLogEntry = z.infer<typeof sendLogEntry>;

export const reportStatus = z.enum(['DELIVERED', 'UNDELIVERED']);
export const suppressionReason = z.enum(['HARD_BOUNCE', 'COMPLAINT', 'ENDPOINT_DISABLED']);
export const reportSource = z.enum(['SNS_SMS', 'HTTP_SMS', 'SES', 'SNS_PUSH', 'OUTBOX']);

/** One status report, normalised from its source: the statusReports queue's message. */
export const statusReport = z.object({
  kind: z.literal('report'),
  source: reportSource,
  /** The source's own id of this event: with the status it makes a redelivered report a duplicate. */
  eventId: z.string().min(1).max(200),
  eventAt: z.string(),
  status: reportStatus,
  providerMessageId: z.string().max(200).optional(),
  /** Ours (<sendId>#<index>) when the source carries it back (gateway receipt, OUTBOX). */
  messageId: z.string().max(200).optional(),
  address: z.string().max(320).optional(),
  detail: z.string().max(500).optional(),
  suppress: suppressionReason.optional(),
});
export type StatusReport = z.infer<typeof statusReport>;

/** MSG_REPORT 短信接收状态报告, as stored: matched to its send record and recipient, or kept unmatched. */
export const storedReport = z.object({
  id: z.string(),
  source: reportSource,
  receiveStatus: reportStatus,
  result: z.enum(['APPLIED', 'LATE', 'UNMATCHED']).describe('APPLIED changed the recipient; LATE came after a final state; UNMATCHED found no message'),
  providerMessageId: z.string().optional(),
  messageId: z.string().optional(),
  sendId: z.string().optional(),
  requestNo: z.string().optional(),
  institution: z.string().optional(),
  channel: channelKind.optional(),
  mobile: z.string().optional().describe('the address reported (mobile, e-mail or device)'),
  detail: z.string().optional(),
  eventAt: z.string(),
  createdAt: z.string(),
});
export type StoredReport = z.infer<typeof storedReport>;

// ---- What the sources send (documented payloads; unknown fields are ignored) ----

/** SNS SMS delivery-status logging: one CloudWatch Logs event's message. */
export const snsSmsDeliveryLog = z.object({
  notification: z.object({ messageId: z.string(), timestamp: z.string() }),
  delivery: z.object({ destination: z.string().optional(), providerResponse: z.string().optional() }).loose(),
  status: z.enum(['SUCCESS', 'FAILURE']),
});

/** A CloudWatch Logs subscription's decoded `awslogs.data`. */
export const cloudWatchLogsData = z.object({
  messageType: z.string(),
  logGroup: z.string(),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

const sesRecipients = z.array(z.object({ emailAddress: z.string() }).loose());
/** SES event publishing through a configuration set (eventType), or identity notifications (notificationType). */
export const sesEvent = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    mail: z.object({ messageId: z.string(), timestamp: z.string(), destination: z.array(z.string()).optional() }).loose(),
    delivery: z.object({ timestamp: z.string(), recipients: z.array(z.string()), smtpResponse: z.string().optional() }).loose().optional(),
    bounce: z
      .object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: sesRecipients, timestamp: z.string(), feedbackId: z.string() })
      .loose()
      .optional(),
    complaint: z.object({ complainedRecipients: sesRecipients, timestamp: z.string(), feedbackId: z.string(), complaintFeedbackType: z.string().optional() }).loose().optional(),
  })
  .loose()
  .refine((e) => Boolean(e.eventType ?? e.notificationType), 'eventType');

/** SNS mobile push: the platform application's EventDeliveryFailure notification. */
export const pushDeliveryFailure = z
  .object({
    EventType: z.literal('DeliveryFailure'),
    EndpointArn: z.string(),
    FailureType: z.string(),
    FailureMessage: z.string().optional(),
    MessageId: z.string(),
    Time: z.string(),
  })
  .loose();

/** An SNS notification envelope (a topic's subscription without raw message delivery). */
export const snsEnvelope = z.object({ Type: z.literal('Notification'), MessageId: z.string(), Message: z.string() }).loose();

/**
 * POST /api/hcmsg/callbacks/sms/{sendTypeId}: the HTTP gateway's delivery receipts, signed with the
 * send type's key (x-timestamp, x-signature = hex HMAC-SHA256 over `timestamp.body`).
 */
export const gatewayReceipt = z.object({
  messageId: z.string().min(1).max(200).describe('ours, as the send call gave it (its idempotency key)'),
  providerMessageId: z.string().max(200).optional(),
  mobile: z.string().max(32).optional(),
  status: reportStatus,
  errorCode: z.string().max(100).optional(),
  reportTime: z
    .string()
    .max(40)
    .refine((t) => !Number.isNaN(Date.parse(t)), { message: '应为时间, 如 2026-12-01T10:00:00+08:00 (a date-time)' }),
});
export const gatewayReceipts = z.object({ reports: z.array(gatewayReceipt).min(1).max(500) });
export type GatewayReceipts = z.infer<typeof gatewayReceipts>;
