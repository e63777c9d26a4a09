import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecipientIndexStore } from '#core/delivery/ports';
import type { RecipientIndexEntry } from '#core/delivery/recipient-index';
import { recipientIndexKey } from './message-keys.ts';

// Key layout: docs/ARCHITECTURE.md (messages table, recipient index). Items are small (well under
// 1 KB: one write unit each) and in no index, so an identity costs one write unit per request.

const BATCH = 25;
const CONCURRENCY = 4;
const TRIES = 8;

export const recipientIndexItem = (entry: RecipientIndexEntry): Record<string, unknown> => ({
  ...recipientIndexKey(entry),
  institution: entry.institution,
  requestNo: entry.requestNo,
  sendIds: entry.sendIds,
});

export const createRecipientIndexStore = (doc: DynamoDBDocumentClient, tableName: string): RecipientIndexStore => {
  const writeBatch = async (items: Record<string, unknown>[]) => {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let tries = 0; pending.length > 0; tries++) {
      // What DynamoDB leaves unprocessed (throttling) is written again after a pause; past a few tries
      // the split fails and is retried as a whole (every write here is idempotent).
      if (tries === TRIES) throw new Error(`recipient index: ${pending.length} items left unprocessed`);
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** tries));
      const answer: BatchWriteCommandOutput = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (answer.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  };
  return {
    async putAll(entries) {
      const items = entries.map(recipientIndexItem);
      const batches = Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));
      for (let i = 0; i < batches.length; i += CONCURRENCY) await Promise.all(batches.slice(i, i + CONCURRENCY).map(writeBatch));
    },
  };
};
