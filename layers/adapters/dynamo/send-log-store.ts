import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SendLogStore } from '#core/delivery/log-provider-calls';
import type { MessageLookup } from '#core/reports/ingest-status-report';
import { recipientIndexPartition } from './message-keys.ts';
import { providerMessageKey, smsLogKeys } from './record-keys.ts';

// MSG_LOG items and the provider-id lookups written beside them (docs/ARCHITECTURE.md → messages).
// A log entry's id names the call, so a put never overwrites another call's entry.

/** Lookups outlive any report a provider still sends (SES and SNS report within hours; 30 days is generous). */
const LOOKUP_TTL_SECONDS = 30 * 86_400;
/** Requests of one mobile read per page by a report found by its number (newest first; the first page usually holds it). */
const ADDRESS_PAGE = 20;

export const createSendLogStore = (doc: DynamoDBDocumentClient, table: string): SendLogStore & MessageLookup => ({
  async record(entry, { byProviderId, carried }) {
    if (!carried) await doc.send(new PutCommand({ TableName: table, Item: { ...smsLogKeys(entry), ...entry } }));
    if (byProviderId && entry.providerMessageId) {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...providerMessageKey(entry.provider, entry.providerMessageId),
            messageId: entry.messageId,
            expiresAt: Math.floor(Date.parse(entry.createdAt) / 1000) + LOOKUP_TTL_SECONDS,
          },
        }),
      );
    }
  },
  async messageIdOf(source, providerMessageId) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: providerMessageKey(source, providerMessageId) }));
    return typeof Item?.messageId === 'string' ? Item.messageId : undefined;
  },
  async *sendIdsToMobile(mobile, from, to) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': recipientIndexPartition('mobile', mobile), ':from': from, ':to': `${to}\uffff` },
          ProjectionExpression: 'sendIds',
          ScanIndexForward: false,
          Limit: ADDRESS_PAGE,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (Array.isArray(item.sendIds)) yield* item.sendIds as string[];
      start = page.LastEvaluatedKey;
    } while (start);
  },
});
