import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEntry } from '#contracts/records';
import type { Provider } from '#core/providers';
import { channelSpec } from '#core/channels/registry';
import { outboxKey } from '../dynamo/message-keys.ts';

/** The channel's payload (push JSON with its deep link, the MQ message), so a dry run shows what would have left. */
const payloadOf = (message: Parameters<Provider['send']>[0]): { payload?: string } => {
  const build = channelSpec(message.channel).payload;
  return build ? { payload: build(message) } : {};
};

/**
 * OUTBOX: records the message in DynamoDB instead of sending it (local runs, staging, dry runs).
 * The entry's key comes from the message's deterministic id and creation time, so a redelivered
 * message cannot add a second one; it sits in its day's partition, so it is in no index.
 */
export const outboxProvider = (doc: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()): Provider => ({
  async send(message) {
    const sentAt = now().toISOString();
    const entry: OutboxEntry = {
      id: message.id,
      channel: message.channel,
      to: message.to,
      title: message.title,
      content: message.content,
      sentAt,
      ...(message.institution ? { institution: message.institution } : {}),
      ...(message.requestNo ? { requestNo: message.requestNo } : {}),
      ...(message.sendId ? { sendId: message.sendId } : {}),
      ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      ...payloadOf(message),
      ...(message.partner ? { partner: message.partner } : {}),
      ...(message.deviceTypeCode ? { deviceTypeCode: message.deviceTypeCode } : {}),
      ...(message.broadcast ? { broadcast: true } : {}),
    };
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...outboxKey(message.createdAt, entry.id), ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Already recorded by an earlier delivery of the same message: that is success, not a second entry.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    return { providerMessageId: `outbox:${entry.id}` };
  },
});
