import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendRecord } from '#contracts/records';
import { requestDayShards, sendDayShards } from './message-keys.ts';
import { fetchItems } from './record-queries.ts';
import { readShardsMerged } from './sharded-read.ts';

// 首页 dashboard: one day's counts, read from the day partitions with a projection of the attributes
// counted (not whole items), bounded so a huge day answers `truncated` instead of timing out. Send
// records are read from their day's partition; requests from the keys-only `day` index, then their
// status from the table (which is why fewer of them are counted). Every shard of the day is counted;
// the recent failures are the shards' merged newest.

const MAX_COUNTED = 200_000;
const MAX_REQUESTS_COUNTED = 20_000;
const RECENT_FAILURES = 10;
const FAILURE_ROUNDS = 5;
const FAILURE_READ = 50;

type Counts = { counts: Record<string, number>; truncated: boolean };

const tally = (counts: Record<string, number>, items: Record<string, unknown>[], fields: string[]) => {
  for (const item of items) {
    const key = fields.map((f) => String(item[f])).join('|');
    counts[key] = (counts[key] ?? 0) + 1;
  }
};

/** Counts by `fields` over one day's shards (of the table, or of the keys-only `day` index, then fetched). */
const countBy = async (doc: DynamoDBDocumentClient, table: string, day: { pk: string; shards?: string[] }, fields: string[], viaDayIndex = false): Promise<Counts> => {
  const counts: Record<string, number> = {};
  const max = viaDayIndex ? MAX_REQUESTS_COUNTED : MAX_COUNTED;
  let start: Record<string, unknown> | undefined;
  let seen = 0;
  for (const pk of day.shards ?? [day.pk]) {
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          ...(viaDayIndex ? { IndexName: 'day' } : {}),
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ...(viaDayIndex
            ? { ExpressionAttributeNames: { '#pk': 'daypk' } }
            : {
                ProjectionExpression: fields.map((_, i) => `#a${i}`).join(', '),
                ExpressionAttributeNames: { '#pk': 'pk', ...Object.fromEntries(fields.map((f, i) => [`#a${i}`, f])) },
              }),
          ExclusiveStartKey: start,
        }),
      );
      const items = page.Items ?? [];
      tally(counts, viaDayIndex ? await fetchItems(doc, table, items, fields) : items, fields);
      seen += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && seen < max);
    if (start) break;
  }
  return { counts, truncated: Boolean(start) };
};

export const dashboard = async (doc: DynamoDBDocumentClient, table: string, date: string) => {
  const requests = await countBy(doc, table, requestDayShards(date), ['status'], true);
  const sends = await countBy(doc, table, sendDayShards(date), ['channel', 'status']);
  const sendsByChannel: Record<string, Record<string, number>> = {};
  const sendsByStatus: Record<string, number> = {};
  for (const [key, n] of Object.entries(sends.counts)) {
    const [channel, status] = key.split('|') as [string, string];
    (sendsByChannel[channel] ??= {})[status] = n;
    sendsByStatus[status] = (sendsByStatus[status] ?? 0) + n;
  }
  const day = sendDayShards(date);
  const newest = await readShardsMerged(day.shards ?? [day.pk], undefined, {
    take: RECENT_FAILURES,
    readLimit: FAILURE_READ,
    order: 'desc',
    sortKey: 'sk',
    keyNames: ['pk', 'sk'],
    maxRounds: FAILURE_ROUNDS,
    query: async (pk, limit, start) => {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: '#s IN (:failed, :unsendable)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pk': pk, ':failed': 'FAILED', ':unsendable': 'UNSENDABLE' },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      return { items: page.Items ?? [], next: page.LastEvaluatedKey, scanned: page.ScannedCount ?? 0 };
    },
  });
  const failures = newest.items.map((item) => {
    const { recipients: _r, ...record } = sendRecord().parse(item);
    return record;
  });
  return {
    date,
    requestsByStatus: requests.counts,
    sendRecordsByStatus: sendsByStatus,
    sendRecordsByChannel: sendsByChannel,
    recentFailures: failures,
    truncated: requests.truncated || sends.truncated,
  };
};
