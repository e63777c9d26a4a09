import * as z from 'zod/mini';
import { described } from './primitives.ts';

// 上行短信 MSG_UPSTREAM (SPEC §9): a text a customer sent to the platform's number, from the HTTP
// gateway's inbound callback or from AWS two-way SMS. Unsubscribe keywords blacklist the mobile for
// the non-critical business types; nothing is ever answered.

export const upstreamSource = z.enum(['GATEWAY', 'AWS_SMS']);

export const upstreamMessage = z.object({
  id: described(z.string(), { description: 'source#its own message id: a redelivery finds the stored item' }),
  source: upstreamSource,
  sendTypeId: described(z.optional(z.string()), { description: 'the gateway send type whose callback received it' }),
  mobile: described(z.string(), { description: 'the sender, normalised as the interception lists store it' }),
  destination: described(z.optional(z.string()), { description: 'the platform number it was sent to' }),
  content: z.string(),
  keyword: described(z.string(), { description: 'the text trimmed and upper-cased: what is compared with UNSUBSCRIBE_KEYWORDS' }),
  unsubscribe: z.boolean(),
  /** Business types the mobile was blacklisted for (non-critical ones). */
  blacklistedFor: z.optional(z.array(z.string())),
  receivedAt: described(z.string(), { description: 'when the platform received it' }),
  sentAt: described(z.optional(z.string()), { description: 'when the source says the customer sent it' }),
});
export type UpstreamMessage = z.infer<typeof upstreamMessage>;

/**
 * The HTTP gateway's inbound callback body (POST /api/hcmsg/callbacks/sms/{sendTypeId}/inbound),
 * signed like its receipts: X-Hcmsg-Timestamp and X-Hcmsg-Signature (docs/ARCHITECTURE.md).
 */
export const gatewayInbound = z.object({
  messageId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.describe("the gateway's id of the inbound message (idempotency key)")),
  mobile: z.string().check(z.trim(), z.minLength(5), z.maxLength(32)),
  content: z.string().check(z.maxLength(1000)),
  destination: z.optional(z.string().check(z.maxLength(32))),
  sentAt: z.optional(z.string().check(z.maxLength(40))),
});
export type GatewayInbound = z.infer<typeof gatewayInbound>;

/**
 * AWS End User Messaging SMS (Pinpoint SMS) two-way message as published to the SNS topic:
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html.
 */
export const awsInboundSms = z.object({
  originationNumber: z.string().check(z.minLength(5), z.maxLength(32)),
  destinationNumber: z.optional(z.string().check(z.maxLength(32))),
  messageKeyword: z.optional(z.string()),
  messageBody: z.string().check(z.maxLength(2000)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(128)),
  previousPublishedMessageId: z.optional(z.string()),
});
export type AwsInboundSms = z.infer<typeof awsInboundSms>;

export const inboundParams = z.object({ sendTypeId: z.string().check(z.describe('the HTTP_SMS send type whose signing secret signs the callback')) });
/** What the gateway's inbound callback answers. */
export const inboundResult = z.object({
  outcome: z.enum(['stored', 'duplicate']),
  unsubscribe: z.boolean(),
  blacklistedFor: z.array(z.string()),
});
