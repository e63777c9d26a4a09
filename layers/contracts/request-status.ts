import * as z from 'zod';
import { channelKind } from './config-common.ts';
import { idText } from './primitives.ts';
import { deliveryOutcome, recipientStatus, requestStatus, sendStatus } from './records.ts';

// GET /api/hcmsg/requests/{requestNo}: a request's state and its per-recipient, per-channel delivery.

export const requestStatusParams = z.object({
  requestNo: idText(32).meta({ description: '请求号 as sent to sendMessage', example: '20180309011111' }),
});

export const deliveryRecipient = z.object({
  index: z.number().int().describe('position in userIds[] of the request; a device found by userId (push by account) counts on after them'),
  userId: z.string().optional().describe('the userId it was sent for (push by account: each of its registered devices)'),
  to: z.string().describe('the address used; mobiles and e-mail addresses are masked (133****9238)'),
  status: recipientStatus.describe('SENT accepted by the provider · DELIVERED / UNDELIVERED from its status report · UNSENDABLE, INTERCEPTED, SUPPRESSED not sent'),
  error: z.string().optional(),
  sentAt: z.string().optional(),
  finalAt: z.string().optional().describe('when DELIVERED or UNDELIVERED was learnt'),
});

export const delivery = z.object({
  sendId: z.string(),
  channel: channelKind,
  status: sendStatus,
  outcome: deliveryOutcome,
  sendCount: z.number().int(),
  sendLimit: z.number().int(),
  recipients: z.array(deliveryRecipient),
});

export const requestStatusView = z.object({
  requestNo: z.string(),
  institution: z.string(),
  bizType: z.string(),
  status: requestStatus.describe('INIT accepted (or scheduled: see sendAt) · PROCESSING splitting · SUCCESS split into send records · FAILED retried · INTERCEPTED · CANCELLED (a scheduled request cancelled before its time)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  recipientCount: z.number().int(),
  outcome: deliveryOutcome.describe('PENDING until every recipient is final · DELIVERED all · PARTIAL some · FAILED none · INTERCEPTED none sent by rule'),
  interceptReason: z.string().optional(),
  deliveries: z.array(delivery).describe('one entry per send record (channel × chunk of recipients); empty until split'),
});
export type RequestStatusView = z.infer<typeof requestStatusView>;
