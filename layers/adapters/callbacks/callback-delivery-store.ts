import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { callbackBatch, callbackDeliveryView } from '#contracts/callbacks';
import { sendRecord, type SendRecord } from '#contracts/records';
import { dayOfSendId } from '#core/delivery/ids';
import type { CallbackDelivery, CallbackDeliveryStore } from '#core/callbacks/ports';
import * as z from 'zod/mini';
import { lazily } from '#contracts/primitives';
import { sendDayShards } from '../dynamo/message-keys.ts';
import { callbackDeliveryKeys, callbackDeliveryPartition } from '../dynamo/record-keys.ts';
import { daysBack, queryPartitions, type Partition } from '../dynamo/record-queries.ts';

// Caller callback deliveries in the messages table (keys: record-keys.ts). Every change is
// conditional on the attempts and status read, so two copies of a queue message cannot both post.

const stored = lazily(() => z.extend(callbackDeliveryView(), { batch: callbackBatch(), enqueuedAt: z.optional(z.string()) }));
const parse = (item: Record<string, unknown>): CallbackDelivery => stored().parse(item);
const itemOf = (d: CallbackDelivery) => ({ ...callbackDeliveryKeys(d), ...stored().parse(d) });

export const createCallbackDeliveryStore = (doc: DynamoDBDocumentClient, table: string): CallbackDeliveryStore => ({
  async create(delivery) {
    try {
      await doc.send(new PutCommand({ TableName: table, Item: itemOf(delivery), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
  async get(id) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `CBDEL#${id}`, sk: 'META' }, ConsistentRead: true }));
    return Item ? parse(Item) : undefined;
  },
  async update(next, expected) {
    try {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: itemOf(next),
          ConditionExpression: 'attempts = :a AND #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':a': expected.attempts, ':s': expected.status },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
});

/** institution → gsi1 (status within), status → gsi2, else by day created (gsi3), newest first. */
export const queryCallbackDeliveries = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: { institution?: string | undefined; status?: string | undefined; limit: number; cursor?: string | undefined },
  now: Date,
) => {
  const partitions: Partition[] = f.institution
    ? [{ index: 'gsi1', pk: callbackDeliveryPartition.institution(f.institution) }]
    : f.status
      ? [{ index: 'gsi2', pk: callbackDeliveryPartition.status(f.status) }]
      : daysBack({}, now).map((day) => ({ index: 'gsi3' as const, ...callbackDeliveryPartition.day(day) }));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { status: f.institution ? f.status : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => callbackDeliveryView().parse(item),
  });
};

/**
 * The send records of the request a send id belongs to: its day's partition, sort keys with its
 * prefix. `statusOnly` reads just ids and statuses (a few bytes each instead of ~40 KB with the
 * recipients), so asking "is every record final?" after each record stays cheap for big requests.
 */
export const recordsOfRequest =
  (doc: DynamoDBDocumentClient, table: string) =>
  async (sendId: string, options: { statusOnly?: boolean } = {}): Promise<SendRecord[]> => {
    const day = dayOfSendId(sendId);
    if (!day) return [];
    // A bulk request's records spread over the day's shards (day-partition.ts): read every shard.
    const { pk, shards = [pk] } = sendDayShards(day);
    const perShard = await Promise.all(
      shards.map(async (shard) => {
        const records: SendRecord[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': shard, ':prefix': sendId.slice(0, 25) },
              ...(options.statusOnly ? { ProjectionExpression: 'sendId, #s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
              ConsistentRead: true,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          records.push(...(page.Items ?? []).map((item) => (options.statusOnly ? (item as SendRecord) : sendRecord().parse(item))));
          start = page.LastEvaluatedKey;
        } while (start);
        return records;
      }),
    );
    return perShard.flat().sort((a, b) => (a.sendId < b.sendId ? -1 : a.sendId > b.sendId ? 1 : 0));
  };
