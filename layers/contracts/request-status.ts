import * as z from 'zod/mini';
import { channelKind } from './config-common.ts';
import { described, idText } from './primitives.ts';
import { deliveryOutcome, recipientStatus, requestStatus, sendStatus } from './records.ts';

// GET /api/hcmsg/requests/{requestNo}: a request's state and its per-recipient, per-channel delivery.

export const requestStatusParams = z.object({
  requestNo: described(idText(32), { description: '请求号 as sent to sendMessage', example: '20180309011111' }),
});

export const deliveryRecipient = z.object({
  index: described(z.int(), { description: 'position in userIds[] of the request; a device found by userId (push by account) counts on after them' }),
  userId: described(z.optional(z.string()), { description: 'the userId it was sent for (push by account: each of its registered devices)' }),
  to: described(z.string(), { description: 'the address used; mobiles and e-mail addresses are masked (133****9238)' }),
  status: recipientStatus.check(z.describe('SENT accepted by the provider · DELIVERED / UNDELIVERED from its status report · UNSENDABLE, INTERCEPTED, SUPPRESSED not sent')),
  error: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  finalAt: described(z.optional(z.string()), { description: 'when DELIVERED or UNDELIVERED was learnt' }),
});

export const delivery = z.object({
  sendId: z.string(),
  channel: channelKind(),
  status: sendStatus,
  outcome: deliveryOutcome,
  sendCount: z.int(),
  sendLimit: z.int(),
  recipients: z.array(deliveryRecipient),
});

export const requestStatusView = z.object({
  requestNo: z.string(),
  institution: z.string(),
  bizType: z.string(),
  status: requestStatus.check(z.describe('INIT accepted (or scheduled: see sendAt) · PROCESSING splitting · SUCCESS split into send records · FAILED retried · INTERCEPTED · CANCELLED (a scheduled request cancelled before its time)')),
  createdAt: z.string(),
  updatedAt: z.string(),
  recipientCount: z.int(),
  outcome: deliveryOutcome.check(z.describe('PENDING until every recipient is final · DELIVERED all · PARTIAL some · FAILED none · INTERCEPTED none sent by rule')),
  interceptReason: z.optional(z.string()),
  deliveries: described(z.array(delivery), { description: 'one entry per send record (channel × chunk of recipients); empty until split' }),
});
export type RequestStatusView = z.infer<typeof requestStatusView>;
