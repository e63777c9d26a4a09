import { BatchGetCommand, GetCommand, type BatchGetCommandOutput, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { suppressionView, type SuppressionView } from '#contracts/suppression';
import { suppressionAddressOf } from '#core/delivery/apply-suppression';
import type { SuppressionAdminPort } from '#core/suppression/lift-suppression';
import type { SuppressedChannel, Suppression, SuppressionPort } from '#core/suppression/suppression-port';
import { auditPut } from './audit-store.ts';
import { queryPartitions, type Partition } from './record-queries.ts';

// 抑制名单 in the messages table: pk `SUPP#<channel>#<address>` (the split's lookup is a BatchGet of
// exact keys), gsi1 `SUPPCH#<channel>` sorted by time (the admin listing by channel). No expiresAt:
// a suppression stays until an operator lifts it.

const BATCH_GET_MAX = 100;
const TRIES = 5;

export const suppressionKey = (channel: SuppressedChannel, address: string) => ({ pk: `SUPP#${channel}#${suppressionAddressOf(channel, address)}`, sk: 'META' });
const channelPartition = (channel: SuppressedChannel) => `SUPPCH#${channel}`;

const viewOf = (item: Record<string, unknown>): SuppressionView => suppressionView.parse(item);

export interface SuppressionStore extends SuppressionPort, SuppressionAdminPort {
  list(f: { channel?: SuppressedChannel | undefined; address?: string | undefined; limit: number; cursor?: string | undefined }): ReturnType<typeof queryPartitions<SuppressionView>>;
}

/** `auditTable`: where a lift writes its audit entry (the admin function); the split need not give it. */
export const createSuppressionStore = (doc: DynamoDBDocumentClient, table: string, auditTable?: string): SuppressionStore => ({
  async suppress(entry: Suppression) {
    const address = suppressionAddressOf(entry.channel, entry.address);
    try {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...suppressionKey(entry.channel, address), gsi1pk: channelPartition(entry.channel), gsi1sk: `${entry.at}#${address}`, ...entry, address },
          // The first report's reason and time stay (a second bounce changes nothing).
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  },

  async suppressedAmong(channel, addresses) {
    const found = new Map<string, Suppression>();
    const unique = [...new Set(addresses.map((a) => suppressionAddressOf(channel, a)))];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((a) => suppressionKey(channel, a));
      for (let tries = 0; keys?.length; tries++) {
        if (tries === TRIES) throw new Error(`BatchGetItem left ${keys.length} suppression keys unprocessed`);
        if (tries > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** tries));
        const answer: BatchGetCommandOutput = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
        for (const item of answer.Responses?.[table] ?? []) {
          const view = viewOf(item);
          found.set(view.address, view);
        }
        keys = answer.UnprocessedKeys?.[table]?.Keys;
      }
    }
    return found;
  },

  async get(channel, address) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: suppressionKey(channel, address), ConsistentRead: true }));
    return Item ? viewOf(Item) : undefined;
  },

  async lift(entry, audit) {
    if (!auditTable) throw new Error('createSuppressionStore: lifting needs the audit table');
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            // Exactly the suppression the operator saw: a newer one (re-suppressed meanwhile) stays.
            { Delete: { TableName: table, Key: suppressionKey(entry.channel, entry.address), ConditionExpression: '#at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': entry.at } } },
            { Put: auditPut(auditTable, audit) },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  },

  list(f) {
    const partitions: Partition[] = f.address
      ? (f.channel ? [f.channel] : (['EMAIL', 'PUSH'] as const)).map((channel) => ({ pk: suppressionKey(channel, f.address!).pk }))
      : (f.channel ? [f.channel] : (['EMAIL', 'PUSH'] as const)).map((channel) => ({ index: 'gsi1' as const, pk: channelPartition(channel) }));
    return queryPartitions(doc, { table, partitions, limit: f.limit, cursor: f.cursor, view: viewOf });
  },
});
