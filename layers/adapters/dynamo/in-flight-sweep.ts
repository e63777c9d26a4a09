import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendIdBound } from '#core/delivery/ids';
import type { InFlightSource, SweptItem, SweptRequest, SweptSendRecord } from '#core/delivery/sweep';
import { requestDayShards, requestKey, requestPendingPartition, sendDayShards, sendKey, sendPendingPartition } from './message-keys.ts';
import { fetchItems } from './record-queries.ts';
import { readShardsMerged } from './sharded-read.ts';
import { conditional } from './request-processing-store.ts';

// The in-flight sweep reads requests from the keys-only `day` index and send records from their day
// partitions (docs/ARCHITECTURE.md → messages), where both already sit in acceptance order: finding
// what a lost queue message left behind costs reads of each item once, and no write on the hot path.
// A day is sharded (day-partition.ts): its shards are read together and merged in sort-key order, so
// the cursor (one sort key) means the same as before.

const DAY_MS = 86_400_000;

/** yyyy-mm-dd of every UTC day from `first` to `last`. */
const daysBetween = (first: string, last: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

interface RangeQuery {
  index?: string;
  pkName: string;
  skName: string;
  partition: (day: string) => { pk: string; shards?: string[] };
  projection?: string;
}

/** Per shard and round: enough that a day's shards together fill the page in a couple of rounds. */
const shardRead = (remaining: number, shards: number) => Math.max(10, Math.ceil((2 * remaining) / shards) + 1);

/** Keys (or items) of each day partition between `low` and `high` (sort keys), in order, up to `limit`. */
const readRange = async (doc: DynamoDBDocumentClient, table: string, q: RangeQuery, days: string[], low: string, high: string, limit: number) => {
  const out: Record<string, unknown>[] = [];
  // A cursor already past the bound (an earlier run looked further ahead): nothing new to read yet.
  if (low >= high) return out;
  for (const day of days) {
    const { pk, shards = [pk] } = q.partition(day);
    let positions;
    do {
      const remaining = limit - out.length;
      const merged = await readShardsMerged(shards, positions, {
        take: remaining,
        readLimit: shardRead(remaining, shards.length),
        order: 'asc',
        sortKey: q.skName,
        keyNames: ['pk', 'sk', ...(q.index ? [q.pkName, q.skName] : [])],
        maxRounds: 50,
        query: async (shard, n, start) => {
          const page = await doc.send(
            new QueryCommand({
              TableName: table,
              ...(q.index ? { IndexName: q.index } : {}),
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
              ExpressionAttributeNames: { '#pk': q.pkName, '#sk': q.skName, ...(q.projection ? { '#s': 'status' } : {}) },
              ExpressionAttributeValues: { ':pk': shard, ':low': low, ':high': high },
              ...(q.projection ? { ProjectionExpression: q.projection } : {}),
              Limit: n,
              ExclusiveStartKey: start,
            }),
          );
          // BETWEEN includes the cursor itself; it was walked past already.
          return { items: (page.Items ?? []).filter((item) => item[q.skName] !== low), next: page.LastEvaluatedKey, scanned: page.ScannedCount ?? 0 };
        },
      });
      out.push(...merged.items);
      positions = merged.next;
    } while (positions && out.length < limit);
    if (out.length >= limit) return out.slice(0, limit);
  }
  return out;
};

const cursorStore = (doc: DynamoDBDocumentClient, table: string, kind: 'REQ' | 'SEND') => {
  const key = { pk: 'SWEEP', sk: kind };
  return {
    async cursor() {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
      return typeof Item?.mark === 'string' ? Item.mark : undefined;
    },
    saveCursor(previous: string | undefined, next: string) {
      return conditional(() =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...key, mark: next, updatedAt: new Date().toISOString() },
            // Two overlapping runs: the one that read the older cursor does not move it back.
            ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'mark = :previous',
            ...(previous === undefined ? {} : { ExpressionAttributeValues: { ':previous': previous } }),
          }),
        ),
      );
    },
  };
};

const track = (doc: DynamoDBDocumentClient, table: string, key: Record<string, string>, pendingpk: string, item: SweptItem, dueAt: string) =>
  conditional(() =>
    doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET pendingpk = :ppk, pendingsk = :due',
        ConditionExpression: '#s = :s AND updatedAt = :u AND attribute_not_exists(pendingpk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':ppk': pendingpk, ':due': dueAt, ':s': item.status, ':u': item.updatedAt },
      }),
    ),
  );

/** Requests in the order they were accepted (the `day` index's sort key). */
export const requestsInFlight = (doc: DynamoDBDocumentClient, table: string): InFlightSource<SweptRequest> => ({
  ...cursorStore(doc, table, 'REQ'),
  async read(after, from, before, limit) {
    const low = after ?? from.toISOString();
    const high = before.toISOString();
    const keys = await readRange(doc, table, { index: 'day', pkName: 'daypk', skName: 'daysk', partition: requestDayShards }, daysBetween(low.slice(0, 10), high.slice(0, 10)), low, high, limit);
    const items = await fetchItems(doc, table, keys, ['institution', 'requestNo', 'status', 'attempts', 'updatedAt', 'pendingpk', 'daysk']);
    return items.map((item) => ({
      key: String(item.daysk),
      institution: String(item.institution),
      requestNo: String(item.requestNo),
      status: item.status as SweptRequest['status'],
      attempts: Number(item.attempts ?? 0),
      updatedAt: String(item.updatedAt),
      tracked: item.pendingpk !== undefined,
    }));
  },
  track: (item, dueAt) => track(doc, table, requestKey(item.institution, item.requestNo), requestPendingPartition(item.institution, item.requestNo), item, dueAt),
});

/** Send records in the order their requests were accepted (their ids, in their day's partition). */
export const sendRecordsInFlight = (doc: DynamoDBDocumentClient, table: string): InFlightSource<SweptSendRecord> => ({
  ...cursorStore(doc, table, 'SEND'),
  async read(after, from, before, limit) {
    const low = after ?? sendIdBound(from);
    const high = sendIdBound(before);
    const day = (bound: string) => `${bound.slice(0, 4)}-${bound.slice(4, 6)}-${bound.slice(6, 8)}`;
    const items = await readRange(
      doc,
      table,
      { pkName: 'pk', skName: 'sk', partition: sendDayShards, projection: 'pk, sk, sendId, #s, updatedAt, pendingpk' },
      daysBetween(day(low), day(high)),
      low,
      high,
      limit,
    );
    return items.map((item) => ({
      key: String(item.sk),
      sendId: String(item.sendId),
      status: item.status as SweptSendRecord['status'],
      updatedAt: String(item.updatedAt),
      tracked: item.pendingpk !== undefined,
    }));
  },
  track: (item, dueAt) => track(doc, table, sendKey(item.sendId)!, sendPendingPartition(item.sendId), item, dueAt),
});
