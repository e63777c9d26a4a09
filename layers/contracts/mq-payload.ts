import * as z from 'zod/mini';
import { lazily } from './primitives.ts';

// What an MQ send puts on the downstream queue: a versioned, documented message that says who it is
// for. Consumers parse it with this schema; a change that breaks an old consumer is a new version
// (test/unit/channels/registry.test.ts keeps the published example parsing). The sender only builds the
// payload (core/channels/mq-payload.ts) and needs the version alone: the schema is built on first use.

export const MQ_PAYLOAD_VERSION = 'hcmsg.mq.v1';

const mqRecipient = () => z.object({
  userId: z.optional(z.string()),
  custNo: z.optional(z.string()),
  mobile: z.optional(z.string()),
  email: z.optional(z.string()),
  deviceNo: z.optional(z.string()),
});

export const mqPayloadV1 = lazily(() => z.object({
  schemaVersion: z.literal(MQ_PAYLOAD_VERSION),
  messageId: z.string().check(z.describe('sendId#recipientIndex: the same on a redelivery, so consumers can deduplicate')),
  sendId: z.string(),
  institution: z.string(),
  requestNo: z.string(),
  bizType: z.string(),
  bizId: z.optional(z.string()),
  bizContent: z.optional(z.string()).check(z.describe('the request\'s bizContent (a JSON object as a string)')),
  title: z.string(),
  content: z.string(),
  custom: z.optional(z.string()),
  recipient: mqRecipient(),
  createdAt: z.string(),
}));
export type MqPayloadV1 = z.infer<ReturnType<typeof mqPayloadV1>>;
