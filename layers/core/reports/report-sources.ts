import * as z from 'zod/mini';
import {
  gatewayReceipts,
  pushDeliveryFailure,
  sesEvent,
  snsEnvelope,
  snsSmsDeliveryLog,
  statusReport,
  type StatusReport,
} from '#contracts/delivery-reports';
import { DomainError } from '#core/errors';

// Each source's documented payload → the one normalised report the statusReports queue carries.
// Pure functions: the HTTP callback, the log subscription and the queue consumer share them.

/** SNS SMS delivery-status logging (CloudWatch Logs, one event per SMS): SUCCESS → DELIVERED. */
export const fromSnsSmsLog = (eventId: string, message: string): StatusReport | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = snsSmsDeliveryLog().safeParse(json);
  if (!parsed.success) return undefined;
  const log = parsed.data;
  const at = new Date(`${log.notification.timestamp.replace(' ', 'T')}Z`);
  return {
    kind: 'report',
    source: 'SNS_SMS',
    eventId,
    eventAt: Number.isNaN(at.getTime()) ? log.notification.timestamp : at.toISOString(),
    status: log.status === 'SUCCESS' ? 'DELIVERED' : 'UNDELIVERED',
    providerMessageId: log.notification.messageId,
    ...(log.delivery.destination ? { address: log.delivery.destination } : {}),
    ...(log.delivery.providerResponse ? { detail: log.delivery.providerResponse.slice(0, 500) } : {}),
  };
};

/**
 * SES events through the configuration set: Delivery → DELIVERED; a permanent bounce → UNDELIVERED
 * and the address suppressed; a transient bounce (SES gave up) or a reject → UNDELIVERED; a complaint
 * means it was delivered, and the address is suppressed. Opens, clicks, sends and delays say nothing final.
 */
export const fromSesEvent = (event: z.infer<ReturnType<typeof sesEvent>>): StatusReport[] => {
  const type = event.eventType ?? event.notificationType;
  const base = { kind: 'report' as const, source: 'SES' as const, providerMessageId: event.mail.messageId };
  if (type === 'Delivery' && event.delivery) {
    return event.delivery.recipients.map((address) => ({
      ...base,
      eventId: `${event.mail.messageId}:delivery:${address}`,
      eventAt: event.delivery!.timestamp,
      status: 'DELIVERED' as const,
      address,
      ...(event.delivery!.smtpResponse ? { detail: event.delivery!.smtpResponse.slice(0, 500) } : {}),
    }));
  }
  if (type === 'Bounce' && event.bounce) {
    const hard = event.bounce.bounceType === 'Permanent';
    return event.bounce.bouncedRecipients.map((r) => ({
      ...base,
      eventId: `${event.bounce!.feedbackId}:${r.emailAddress}`,
      eventAt: event.bounce!.timestamp,
      status: 'UNDELIVERED' as const,
      address: r.emailAddress,
      detail: `${event.bounce!.bounceType}/${event.bounce!.bounceSubType ?? ''} ${String((r as { diagnosticCode?: unknown }).diagnosticCode ?? '')}`.trim().slice(0, 500),
      ...(hard ? { suppress: 'HARD_BOUNCE' as const } : {}),
    }));
  }
  if (type === 'Complaint' && event.complaint) {
    return event.complaint.complainedRecipients.map((r) => ({
      ...base,
      eventId: `${event.complaint!.feedbackId}:${r.emailAddress}`,
      eventAt: event.complaint!.timestamp,
      status: 'DELIVERED' as const,
      address: r.emailAddress,
      detail: `Complaint ${event.complaint!.complaintFeedbackType ?? ''}`.trim(),
      suppress: 'COMPLAINT' as const,
    }));
  }
  if (type === 'Reject') {
    return (event.mail.destination ?? []).map((address) => ({
      ...base,
      eventId: `${event.mail.messageId}:reject:${address}`,
      eventAt: event.mail.timestamp,
      status: 'UNDELIVERED' as const,
      address,
      detail: 'Reject',
    }));
  }
  return [];
};

/** SNS mobile push delivery failure: UNDELIVERED; a disabled endpoint suppresses the device. */
export const fromPushFailure = (event: z.infer<ReturnType<typeof pushDeliveryFailure>>): StatusReport => ({
  kind: 'report',
  source: 'SNS_PUSH',
  eventId: `${event.MessageId}:${event.FailureType}`,
  eventAt: event.Time,
  status: 'UNDELIVERED',
  providerMessageId: event.MessageId,
  address: event.EndpointArn,
  detail: `${event.FailureType}: ${event.FailureMessage ?? ''}`.slice(0, 500),
  ...(event.FailureType === 'EndpointDisabled' ? { suppress: 'ENDPOINT_DISABLED' as const } : {}),
});

/** The HTTP gateway's receipts (already verified): its message id and ours, as the send call gave them. */
export const fromGatewayReceipts = (body: z.infer<typeof gatewayReceipts>): StatusReport[] =>
  body.reports.map((r) => ({
    kind: 'report',
    source: 'HTTP_SMS',
    eventId: `${r.messageId}:${r.status}:${r.reportTime}`,
    eventAt: new Date(Date.parse(r.reportTime)).toISOString(),
    status: r.status,
    messageId: r.messageId,
    ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
    ...(r.mobile ? { address: r.mobile } : {}),
    ...(r.errorCode ? { detail: r.errorCode } : {}),
  }));

/**
 * What the statusReports queue may carry: our normalised report (gateway callback, SMS log
 * subscription, OUTBOX), or an SNS topic's message (raw, or in its envelope) from the SES
 * configuration set or the push platform application. Anything else is refused, never guessed at.
 */
export const reportsOfQueueBody = (body: unknown): StatusReport[] => {
  const own = statusReport.safeParse(body);
  if (own.success) return [own.data];
  const envelope = snsEnvelope().safeParse(body);
  if (envelope.success) {
    let inner: unknown;
    try {
      inner = JSON.parse(envelope.data.Message);
    } catch {
      throw new DomainError('VALIDATION', 'message: SNS 消息不是 JSON (SNS Message is not JSON)', 'message');
    }
    return reportsOfQueueBody(inner);
  }
  const push = pushDeliveryFailure().safeParse(body);
  if (push.success) return [fromPushFailure(push.data)];
  const ses = sesEvent().safeParse(body);
  if (ses.success) return fromSesEvent(ses.data);
  throw new DomainError('VALIDATION', 'message: 无法识别的状态报告 (not a status report of any known source)', 'message');
};
