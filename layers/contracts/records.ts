import * as z from 'zod/mini';
import { channelKind, custType } from './config-common.ts';
import { providerKind } from './config-platform.ts';
import { lazily } from './primitives.ts';
import { reportSource } from './report-kinds.ts';

// What the pipeline stores and queues. Key layouts are in docs/ARCHITECTURE.md.

export const requestStatus = z.enum(['INIT', 'PROCESSING', 'SUCCESS', 'FAILED', 'INTERCEPTED', 'CANCELLED']);
export const sendStatus = z.enum(['UNSENT', 'SENDING', 'SUCCESS', 'FAILED', 'UNSENDABLE', 'CANCELLED']);
/**
 * SENT: the provider accepted it (provider message id kept); DELIVERED / UNDELIVERED: final, from a
 * status report (or DELIVERED at once from a provider without reports: docs/ARCHITECTURE.md →
 * Delivery truth). SUCCESS is the same as SENT on records written before SENT existed.
 */
export const recipientStatus = z.enum([
  'UNSENT', 'SENDING', 'SUCCESS', 'SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'UNSENDABLE', 'INTERCEPTED', 'SUPPRESSED', 'HELD', 'CANCELLED',
]);
/** A request's delivery outcome (SPEC §9), beside its processing status. */
export const deliveryOutcome = z.enum(['PENDING', 'DELIVERED', 'PARTIAL', 'FAILED', 'INTERCEPTED']);
export type DeliveryOutcome = z.infer<typeof deliveryOutcome>;
export type RequestStatus = z.infer<typeof requestStatus>;
export type SendStatus = z.infer<typeof sendStatus>;
export type RecipientStatus = z.infer<typeof recipientStatus>;

/** A recipient as the caller sent it (userIds[] of sendMessage). */
export const recipient = lazily(() =>
  z.object({
    userId: z.optional(z.string().check(z.maxLength(64))),
    mobile: z.optional(z.string().check(z.maxLength(32))),
    email: z.optional(z.string().check(z.maxLength(254))),
    custNo: z.optional(z.string().check(z.maxLength(64))),
    custType: z.nullish(custType()),
    custName: z.optional(z.string().check(z.maxLength(100))),
    certNo: z.optional(z.string().check(z.maxLength(64))),
    deviceNo: z.optional(z.string().check(z.maxLength(256))),
    custTag: z.optional(z.string().check(z.maxLength(100))),
  }),
);
export type Recipient = z.infer<ReturnType<typeof recipient>>;

/** MSG_REQUEST: one accepted sendMessage call. */
export const messageRequest = lazily(() =>
  z.object({
    institution: z.string(),
    requestNo: z.string(),
    bizType: z.string(),
    subBizType: z.optional(z.string()),
    bizId: z.string(),
    productCode: z.optional(z.string()),
    channelNo: z.optional(z.string()),
    pushType: z.enum(['SINGLE_ACCOUNT', 'MULTI_ACCOUNT', 'ALL']),
    pushMsgType: z.optional(z.string()),
    sendType: z.optional(z.string()),
    actionType: z.optional(z.string()),
    actionValue: z.optional(z.string()),
    bizContent: z.string(),
    useTmpl: z.enum(['Y', 'N']),
    msgTitle: z.optional(z.string()),
    msgContent: z.optional(z.string()),
    custom: z.optional(z.string()),
    enclosureInfo: z.optional(z.string()),
    requestTime: z.string(),
    requestIp: z.string(),
    /** SHA-256 of the canonical request body: the same requestNo with another body is a conflict. */
    bodyHash: z.string(),
    dispatchConfigId: z.string(),
    greenLane: z.boolean(),
    status: requestStatus,
    recipientCount: z.int(),
    /** Recipients are inline when few, else in chunk items USERS#0001… (chunkCount of them). */
    chunkCount: z.int(),
    attempts: z._default(z.int(), 0),
    interceptReason: z.optional(z.string()),
    /** Scheduled send: not split before this instant (ISO, UTC); its one-time schedule is `scheduleName`. */
    sendAt: z.optional(z.string()),
    scheduleName: z.optional(z.string()),
    /** Who cancelled a scheduled request (the caller's institution, or the operator). */
    cancelledBy: z.optional(z.string()),
    /** Rolled up from its send records when it has several; see outcomeSendId for one. */
    outcome: z.optional(deliveryOutcome),
    /** The request's only send record, whose outcome is the request's (no extra write per delivery). */
    outcomeSendId: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type MessageRequest = z.infer<ReturnType<typeof messageRequest>>;

/** A recipient of a send record, with its own delivery state. */
export const sendRecipient = lazily(() =>
  z.extend(recipient(), {
    index: z.int().check(z.describe('position in the request: recipient identity for idempotency')),
    to: z.string().check(z.describe('the address this channel uses: mobile, email, deviceNo or queue')),
    status: recipientStatus,
    providerMessageId: z.optional(z.string()),
    error: z.optional(z.string()),
    interceptReason: z.optional(z.string()),
    sentAt: z.optional(z.string()),
    /** When a final state (DELIVERED / UNDELIVERED) was learnt, and what the provider said. */
    finalAt: z.optional(z.string()),
    reportStatus: z.optional(z.string()),
    // A record of one recipient carries its accepted provider call (MSG_LOG) and the report that made
    // it final (MSG_REPORT) on the writes that record them, instead of an item each (core/delivery/carried-rows.ts).
    /** The provider that accepted it, and how long the call took. */
    provider: z.optional(providerKind),
    callMs: z.optional(z.int()),
    /** The report that made it final: its id (ingest-status-report.ts reportIdOf), source and event time. */
    reportId: z.optional(z.string()),
    reportSource: z.optional(reportSource),
    reportAt: z.optional(z.string()),
    /** Set only when a template renders recipient fields, so this recipient's text differs from the record's. */
    title: z.optional(z.string()),
    content: z.optional(z.string()),
    /** App push: the device's own type (a registered device found by userId), over the method's deviceTypeCode. */
    deviceType: z.optional(z.string()),
  }),
);
export type SendRecipient = z.infer<ReturnType<typeof sendRecipient>>;

/** MSG_SEND_RECORD: one channel × one chunk of recipients of a request. */
export const sendRecord = lazily(() =>
  z.object({
    sendId: z.string(),
    institution: z.string(),
    requestNo: z.string(),
    bizType: z.string(),
    channel: channelKind(),
    sendTypeId: z.string(),
    dispatchConfigId: z.string(),
    dispatchMethodId: z.string(),
    deviceTypeCode: z.optional(z.string()),
    /** pushType ALL: each recipient is a device type's broadcast topic (one publish reaches its every device). */
    broadcast: z.optional(z.boolean()),
    greenLane: z.boolean(),
    title: z.string(),
    content: z.string(),
    custom: z.optional(z.string()),
    enclosureInfo: z.optional(z.string()),
    pushMsgType: z.optional(z.string()),
    /** Request fields the channel's payload carries (core/channels/registry.ts `carries`). */
    bizId: z.optional(z.string()),
    bizContent: z.optional(z.string()),
    actionType: z.optional(z.string()),
    actionValue: z.optional(z.string()),
    /** The method's template, when the text was rendered from it (useTmpl=Y): a partner's TEMPLATE code maps it. */
    templateId: z.optional(z.string()),
    status: sendStatus,
    sendCount: z.int(),
    sendLimit: z.int(),
    /** Earliest time the next attempt may run (backoff, send window, quiet hours). */
    nextAttemptAt: z.optional(z.string()),
    lastError: z.optional(z.string()),
    /** Every sendable recipient is whitelisted: the configured send limit does not stop retries (a hard ceiling still does). */
    limitExempt: z.optional(z.boolean()),
    recipients: z.array(sendRecipient()),
    /** Derived from the recipients on every write (core/delivery/delivery-outcome.ts). */
    outcome: z.optional(deliveryOutcome),
    /** The request's only send record: its outcome is the request's, nothing is rolled up. */
    soleRecord: z.optional(z.boolean()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type SendRecord = z.infer<ReturnType<typeof sendRecord>>;

/** A consumer that held a record this long without finishing died (Lambda's timeout is far shorter). */
export const STALE_CLAIM_MS = 5 * 60_000;
/** An UNSENT record older than this has no live queue message any more (see the in-flight sweep). */
export const UNSENT_STUCK_MS = 4 * 60_000;

/** Recipients a resend tries again (back to UNSENT); INTERCEPTED, SUCCESS, HELD and CANCELLED stay as they are. */
export const RESEND_RETRIES: readonly string[] = ['FAILED', 'UNSENDABLE', 'SENDING', 'UNSENT'];

/** What the resend rule reads: the record's state and either its recipients or, as listed, their retryable count. */
export interface ResendView {
  status: string;
  updatedAt: string;
  recipients?: readonly { status: string }[];
  /** As the send-records listing gives it (recipients are not listed). */
  retryableCount?: number;
}

export type ResendRefusal = 'STATE' | 'NOTHING_TO_RETRY';

/**
 * 重发 is offered for a FAILED or UNSENDABLE record, and for one stuck where a healthy pipeline never
 * leaves it: UNSENT with no queue message delivering it, or a SENDING claim gone stale — and only if
 * some recipient would be tried again (a record whose recipients were all intercepted has none).
 * Shared by the admin action and the admin centre's button; undefined when a resend can do something.
 */
export const resendRefusal = (record: ResendView, now: Date): ResendRefusal | undefined => {
  const age = now.getTime() - Date.parse(record.updatedAt);
  const due =
    record.status === 'FAILED' ||
    record.status === 'UNSENDABLE' ||
    (record.status === 'UNSENT' && age >= UNSENT_STUCK_MS) ||
    (record.status === 'SENDING' && age >= STALE_CLAIM_MS);
  if (!due) return 'STATE';
  const retryable = record.recipients ? record.recipients.filter((r) => RESEND_RETRIES.includes(r.status)).length : record.retryableCount;
  return retryable === 0 ? 'NOTHING_TO_RETRY' : undefined;
};

export const isResendable = (record: ResendView, now: Date): boolean => resendRefusal(record, now) === undefined;

/** APP_USER_MESSAGE: an app push message in a user's inbox. */
export const inboxMessage = lazily(() =>
  z.object({
    userKey: z.string().check(z.describe('userId, or deviceNo when the caller sent no userId')),
    messageId: z.string(),
    sendId: z.string(),
    institution: z.string(),
    requestNo: z.string(),
    bizType: z.string(),
    title: z.string(),
    content: z.string(),
    custom: z.optional(z.string()),
    read: z.boolean(),
    createdAt: z.string(),
  }),
);
export type InboxMessage = z.infer<ReturnType<typeof inboxMessage>>;

/** What the OUTBOX provider stored instead of sending. */
/** The partner (合作方) a message went out through and its own codes for ours (合作方编码映射, core/channels/partner-codes.ts). */
export const partnerCodes = lazily(() =>
  z.object({
    code: z.string(),
    templateCode: z.optional(z.string()),
    bizType: z.optional(z.string()),
    signName: z.optional(z.string()),
  }),
);
export type PartnerCodes = z.infer<ReturnType<typeof partnerCodes>>;

export const outboxEntry = lazily(() =>
  z.object({
    id: z.string().check(z.describe('deterministic: sendId#recipientIndex (or captcha id), so a redelivery cannot add a second entry')),
    channel: channelKind(),
    to: z.string(),
    title: z.string(),
    content: z.string(),
    institution: z.optional(z.string()),
    requestNo: z.optional(z.string()),
    sendId: z.optional(z.string()),
    attachments: z.optional(z.array(z.string())),
    /** What would have left the platform (the push's JSON with its deep link, the MQ message), when the channel has a payload. */
    payload: z.optional(z.string()),
    /** Sent through a partner: the codes its gateway would have received. */
    partner: z.optional(partnerCodes()),
    /** App push: the device type whose platform application (APNs/FCM) or broadcast topic it went to. */
    deviceTypeCode: z.optional(z.string()),
    /** pushType ALL: one publish to the device type's broadcast topic, not a message per device. */
    broadcast: z.optional(z.boolean()),
    sentAt: z.string(),
  }),
);
export type OutboxEntry = z.infer<ReturnType<typeof outboxEntry>>;

/** MSG_INTERCEPT_USER: a recipient the platform did not send to, and why. */
export const interceptRecord = lazily(() =>
  z.object({
    id: z.string(),
    institution: z.string(),
    requestNo: z.string(),
    bizType: z.string(),
    channel: channelKind(),
    sendId: z.optional(z.string()),
    userId: z.optional(z.string()),
    mobile: z.optional(z.string()),
    email: z.optional(z.string()),
    deviceNo: z.optional(z.string()),
    rule: z.enum(['BLACKLIST', 'DAILY_CAP', 'HOURLY_CAP', 'FORBIDDEN_WORD', 'QUIET_HOURS', 'SUPPRESSED']),
    reason: z.string(),
    createdAt: z.string(),
  }),
);
export type InterceptRecord = z.infer<ReturnType<typeof interceptRecord>>;

/** MSG_INTERCEPT_REQUEST: a request none of whose recipients was sent to. */
export const interceptedRequest = lazily(() =>
  z.object({
    institution: z.string(),
    requestNo: z.string(),
    bizType: z.string(),
    reason: z.string(),
    recipientCount: z.int(),
    createdAt: z.string(),
  }),
);
export type InterceptedRequest = z.infer<ReturnType<typeof interceptedRequest>>;

// Queue messages: ids only, the records are read from DynamoDB (the seed's "封装请求ID").
export const requestMessage = z.object({ institution: z.string(), requestNo: z.string() });
export const sendMessageRef = z.object({ kind: z.literal('send'), sendId: z.string() });
/** A captcha record is keyed by its institution and id (docs/ARCHITECTURE.md, "captcha table"). */
export const captchaMessageRef = z.object({ kind: z.literal('captcha'), institution: z.string(), captchaId: z.string() });
export const channelMessage = z.discriminatedUnion('kind', [sendMessageRef, captchaMessageRef]);
export type RequestQueueMessage = z.infer<typeof requestMessage>;
export type ChannelQueueMessage = z.infer<typeof channelMessage>;
