import * as z from 'zod';
import { channelKind } from './config-common.ts';
import { idText } from './primitives.ts';
import { recipientStatus, requestStatus, sendStatus } from './records.ts';

// GET /api/hcmsg/requests/{requestNo}: a request's state and its per-recipient, per-channel delivery.

export const requestStatusParams = z.object({
  requestNo: idText(32).meta({ description: '请求号 as sent to sendMessage', example: '20180309011111' }),
});

export const deliveryRecipient = z.object({
  index: z.number().int().describe('position in userIds[] of the request'),
  to: z.string().describe('the address used; mobiles and e-mail addresses are masked (133****9238)'),
  status: recipientStatus,
  error: z.string().optional(),
  sentAt: z.string().optional(),
});

export const delivery = z.object({
  sendId: z.string(),
  channel: channelKind,
  status: sendStatus,
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
  interceptReason: z.string().optional(),
  deliveries: z.array(delivery).describe('one entry per send record (channel × chunk of recipients); empty until split'),
});
export type RequestStatusView = z.infer<typeof requestStatusView>;
