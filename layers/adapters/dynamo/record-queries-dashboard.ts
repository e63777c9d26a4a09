import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendRecord } from '#contracts/records';

// 首页 dashboard: one day's counts, read from the day partitions with a projection of the two
// attributes counted (not whole items), bounded so a huge day answers `truncated` instead of timing out.

const MAX_COUNTED = 200_000;
const RECENT_FAILURES = 10;
const FAILURE_PAGES = 5;

const countBy = async (doc: DynamoDBDocumentClient, table: string, index: string, pk: string, fields: string[]) => {
  const counts: Record<string, number> = {};
  let start: Record<string, unknown> | undefined;
  let seen = 0;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: fields.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(fields.map((f, i) => [`#a${i}`, f])),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = fields.map((f) => String(item[f])).join('|');
      counts[key] = (counts[key] ?? 0) + 1;
    }
    seen += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start && seen < MAX_COUNTED);
  return { counts, truncated: Boolean(start) };
};

export const dashboard = async (doc: DynamoDBDocumentClient, table: string, date: string) => {
  const requests = await countBy(doc, table, 'gsi1', `REQDAY#${date}`, ['status']);
  const sends = await countBy(doc, table, 'gsi1', `SENDDAY#${date}`, ['channel', 'status']);
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
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: '#s IN (:failed, :unsendable)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pk': `SENDDAY#${date}`, ':failed': 'FAILED', ':unsendable': 'UNSENDABLE' },
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
