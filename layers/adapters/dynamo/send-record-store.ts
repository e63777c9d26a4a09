import * as z from 'zod/mini';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendRecord, type SendRecord } from '#contracts/records';
import { lazily } from '#contracts/primitives';
import type { PendingSendRecord, SendRecordStore } from '#core/delivery/ports';
import { recordOutcome } from '#core/delivery/delivery-outcome';
import { nextCheckAfterChange } from '#core/delivery/rescan';
import { sendKey, sendPendingPartition } from './message-keys.ts';
import { conditional } from './request-processing-store.ts';
import { queryPending } from './pending-index.ts';

// Key layout: docs/ARCHITECTURE.md (messages table: send record). The record carries its recipients
// (≤ 100), so one conditional write moves the record and every recipient's state together. It is in
// no index on the hot path: its key comes from its id, and its day partition lists it.

const keyOf = (sendId: string) => {
  const key = sendKey(sendId);
  if (!key) throw new Error(`not a send record id: ${sendId}`);
  return key;
};

const pendingSendRecord = lazily(() =>
  z.pick(sendRecord(), {
    sendId: true,
    channel: true,
    greenLane: true,
    status: true,
    sendCount: true,
    sendLimit: true,
    limitExempt: true,
    nextAttemptAt: true,
    updatedAt: true,
  }),
);

export const sendRecordItem = (record: SendRecord): Record<string, unknown> => {
  const nextCheck = nextCheckAfterChange(record);
  return {
    ...keyOf(record.sendId),
    ...record,
    outcome: recordOutcome(record),
    ...(nextCheck ? { pendingpk: sendPendingPartition(record.sendId), pendingsk: nextCheck } : {}),
  };
};

const WRITE_CONCURRENCY = 10;

export const createSendRecordStore = (doc: DynamoDBDocumentClient, tableName: string): SendRecordStore => ({
  async createAll(records) {
    for (let i = 0; i < records.length; i += WRITE_CONCURRENCY) {
      await Promise.all(
        records.slice(i, i + WRITE_CONCURRENCY).map((record) =>
          // Already there: an earlier delivery of the same request wrote it, and it may have moved on since.
          conditional(() => doc.send(new PutCommand({ TableName: tableName, Item: sendRecordItem(record), ConditionExpression: 'attribute_not_exists(pk)' }))),
        ),
      );
    }
  },

  async get(sendId) {
    const key = sendKey(sendId);
    if (!key) return undefined;
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item ? sendRecord().parse(Item) : undefined;
  },

  replace(next, expected) {
    return conditional(() =>
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: sendRecordItem(next),
          ConditionExpression: '#s = :from AND updatedAt = :seen',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':from': expected.status, ':seen': expected.updatedAt },
        }),
      ),
    );
  },

  async pending(shard, now, limit) {
    const items = await queryPending(doc, tableName, `SEND#${shard}`, now, limit);
    return items.map((item): PendingSendRecord => pendingSendRecord().parse(item));
  },

  postpone(item, nextCheckAt) {
    return conditional(() =>
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(item.sendId),
          UpdateExpression: 'SET pendingsk = :next',
          ConditionExpression: '#s = :s AND updatedAt = :u AND attribute_exists(pendingpk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':next': nextCheckAt, ':s': item.status, ':u': item.updatedAt },
        }),
      ),
    );
  },
});
