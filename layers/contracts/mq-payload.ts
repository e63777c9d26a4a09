import * as z from 'zod';

// What an MQ send puts on the downstream queue: a versioned, documented message that says who it is
// for. Consumers parse it with this schema; a change that breaks an old consumer is a new version
// (test/contracts/mq-payload.test.ts keeps the published examples parsing).

export const MQ_PAYLOAD_VERSION = 'hcmsg.mq.v1';

export const mqRecipient = z.object({
  userId: z.string().optional(),
  custNo: z.string().optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  deviceNo: z.string().optional(),
});

export const mqPayloadV1 = z.object({
  schemaVersion: z.literal(MQ_PAYLOAD_VERSION),
  messageId: z.string().describe('sendId#recipientIndex: the same on a redelivery, so consumers can deduplicate'),
  sendId: z.string(),
  institution: z.string(),
  requestNo: z.string(),
  bizType: z.string(),
  bizId: z.string().optional(),
  bizContent: z.string().optional().describe('the request\'s bizContent (a JSON object as a string)'),
  title: z.string(),
  content: z.string(),
  custom: z.string().optional(),
  recipient: mqRecipient,
  createdAt: z.string(),
});
export type MqPayloadV1 = z.infer<typeof mqPayloadV1>;
