import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InboxStore } from '#core/delivery/ports';
import { DAY_KINDS, dayPartition } from './day-partition.ts';

// Key layout: docs/ARCHITECTURE.md (messages table: inbox message). Keys are deterministic
// (request time + sendId#index), so rewriting them on a redelivered split changes nothing.

const BATCH = 25;

export const createInboxStore = (doc: DynamoDBDocumentClient, tableName: string): InboxStore => ({
  async putAll(messages) {
    for (let i = 0; i < messages.length; i += BATCH) {
      let requests = messages.slice(i, i + BATCH).map((m) => ({
        PutRequest: {
          Item: {
            pk: `INBOX#${m.userKey}`,
            sk: `${m.createdAt}#${m.messageId}`,
            ...m,
            gsi1pk: dayPartition(DAY_KINDS.inbox, m.createdAt.slice(0, 10), m.messageId),
            gsi1sk: m.createdAt,
          },
        },
      }));
      // BatchWrite may leave some items unprocessed under load: write those again with a short backoff.
      for (let attempt = 0; requests.length > 0; attempt++) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0 && attempt >= 5) throw new Error(`inbox: ${requests.length} items left unprocessed`);
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  },
});
