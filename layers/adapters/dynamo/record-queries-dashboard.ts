import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendRecord } from '#contracts/records';
import { requestDayPartition, sendDayPartition } from './message-keys.ts';
import { fetchItems } from './record-queries.ts';

// 首页 dashboard: one day's counts, read from the day partitions with a projection of the attributes
// counted (not whole items), bounded so a huge day answers `truncated` instead of timing out. Send
// records are read from their day's partition; requests from the keys-only `day` index, then their
// status from the table (which is why fewer of them are counted).

const MAX_COUNTED = 200_000;
const MAX_REQUESTS_COUNTED = 20_000;
const RECENT_FAILURES = 10;
const FAILURE_PAGES = 5;

type Counts = { counts: Record<string, number>; truncated: boolean };

const tally = (counts: Record<string, number>, items: Record<string, unknown>[], fields: string[]) => {
  for (const item of items) {
    const key = fields.map((f) => String(item[f])).join('|');
    counts[key] = (counts[key] ?? 0) + 1;
  }
};

/** Counts by `fields` over one partition (of the table, or of the keys-only `day` index, then fetched). */
const countBy = async (doc: DynamoDBDocumentClient, table: string, pk: string, fields: string[], viaDayIndex = false): Promise<Counts> => {
  const counts: Record<string, number> = {};
  const max = viaDayIndex ? MAX_REQUESTS_COUNTED : MAX_COUNTED;
  let start: Record<string, unknown> | undefined;
  let seen = 0;
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
  return { counts, truncated: Boolean(start) };
};

export const dashboard = async (doc: DynamoDBDocumentClient, table: string, date: string) => {
  const requests = await countBy(doc, table, requestDayPartition(date), ['status'], true);
  const sends = await countBy(doc, table, sendDayPartition(date), ['channel', 'status']);
  const sendsByChannel: Record<string, Record<string, number>> = {};
  const sendsByStatus: Record<string, number> = {};
  for (const [key, n] of Object.entries(sends.counts)) {
    const [channel, status] = key.split('|') as [string, string];
    (sendsByChannel[channel] ??= {})[status] = n;
    sendsByStatus[status] = (sendsByStatus[status] ?? 0) + n;
  }
  const failures = [];
  let start: Record<string, unknown> | undefined;
  for (let pages = 0; pages < FAILURE_PAGES && failures.length < RECENT_FAILURES; pages++) {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#s IN (:failed, :unsendable)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pk': sendDayPartition(date), ':failed': 'FAILED', ':unsendable': 'UNSENDABLE' },
        ScanIndexForward: false,
        Limit: 200,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (failures.length >= RECENT_FAILURES) break;
      const { recipients: _r, ...record } = sendRecord.parse(item);
      failures.push(record);
    }
    start = page.LastEvaluatedKey;
    if (!start) break;
  }
  return {
    date,
    requestsByStatus: requests.counts,
    sendRecordsByStatus: sendsByStatus,
    sendRecordsByChannel: sendsByChannel,
    recentFailures: failures,
    truncated: requests.truncated || sends.truncated,
  };
};
