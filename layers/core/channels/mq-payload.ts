import { MQ_PAYLOAD_VERSION, type MqPayloadV1 } from '#contracts/mq-payload';
import type { OutboundMessage } from '#core/providers';

const RECIPIENT_FIELDS = ['userId', 'custNo', 'mobile', 'email', 'deviceNo'] as const;

/** The downstream message of one MQ recipient (contracts/mq-payload.ts, version 1). */
export const mqPayloadOf = (message: OutboundMessage): MqPayloadV1 => {
  const recipient = Object.fromEntries(RECIPIENT_FIELDS.flatMap((f) => (message.recipient?.[f] ? [[f, message.recipient[f]]] : [])));
  return {
    schemaVersion: MQ_PAYLOAD_VERSION,
    messageId: message.id,
    sendId: message.sendId ?? '',
    institution: message.institution ?? '',
    requestNo: message.requestNo ?? '',
    bizType: message.bizType ?? '',
    ...(message.bizId ? { bizId: message.bizId } : {}),
    ...(message.bizContent ? { bizContent: message.bizContent } : {}),
    title: message.title,
    content: message.content,
    ...(message.custom ? { custom: message.custom } : {}),
    recipient,
    createdAt: message.createdAt,
  };
};
