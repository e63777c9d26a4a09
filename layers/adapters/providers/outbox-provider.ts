import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEntry } from '#contracts/records';
import type { Provider } from '#core/providers';

const day = (iso: string) => iso.slice(0, 10);

/**
 * OUTBOX: records the message in DynamoDB instead of sending it (local runs, staging, dry runs).
 * The entry id is the message's deterministic id, so a redelivered message cannot add a second one.
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
    };
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `OUTBOX#${entry.id}`,
            sk: 'META',
            ...entry,
            gsi1pk: `OUTBOXDAY#${day(sentAt)}`,
            gsi1sk: `${sentAt}#${entry.id}`,
            gsi2pk: `OUTBOXTO#${entry.to}`,
            gsi2sk: sentAt,
            ...(entry.requestNo ? { gsi3pk: `OUTBOXREQ#${entry.requestNo}`, gsi3sk: sentAt } : {}),
          },
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
