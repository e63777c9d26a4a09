import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { upstreamMessage } from '#contracts/upstream';
import type { UpstreamStore } from '#core/upstream/receive-inbound-sms';
import { daysBack, queryPartitions, timeRange, type Partition } from './record-queries.ts';
import { upstreamKeys, upstreamPartition } from './record-keys.ts';

// 上行短信 MSG_UPSTREAM in the messages table (keys: record-keys.ts). The item's id is the source's
// own message id, so the conditional put makes a redelivered or replayed inbound a no-op.

export const createUpstreamStore = (doc: DynamoDBDocumentClient, table: string): UpstreamStore => ({
  async put(message) {
    try {
      await doc.send(
        new PutCommand({ TableName: table, Item: { ...upstreamKeys(message), ...upstreamMessage.parse(message) }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
});

/** mobile → gsi2 (the day narrows it), else the day (default today) then back 30 days; keyword exact within. */
export const queryUpstream = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: { mobile?: string | undefined; day?: string | undefined; keyword?: string | undefined; limit: number; cursor?: string | undefined },
  now: Date,
) => {
  const range = f.day ? { from: f.day, to: f.day } : {};
  const sk = timeRange(range);
  const partitions: Partition[] = f.mobile
    ? [{ index: 'gsi2', pk: upstreamPartition.mobile(f.mobile), ...(sk ? { sk } : {}) }]
    : daysBack(range, now).map((day) => ({ index: 'gsi1' as const, ...upstreamPartition.day(day) }));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { keyword: f.keyword?.trim().toUpperCase() },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => upstreamMessage.parse(item),
  });
};
