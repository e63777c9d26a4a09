import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChannelKind } from '#contracts/config-common';
import { outboxEntry, type OutboxEntry } from '#contracts/records';
import { DomainError } from '#core/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';

export interface OutboxFilter {
  channel?: ChannelKind | undefined;
  to?: string | undefined;
  requestNo?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface OutboxPage {
  items: OutboxEntry[];
  cursor?: string;
}

/** Without a `to` or requestNo filter the listing walks back day by day, this far at most. */
export const OUTBOX_DAYS_BACK = 30;

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

interface Partition {
  index: 'gsi1' | 'gsi2' | 'gsi3';
  key: string;
}

/**
 * OUTBOX entries newest first, served by the outbox indexes (docs/ARCHITECTURE.md): `to` → gsi2,
 * requestNo → gsi3, else gsi1 one day partition at a time; the other filters apply inside the
 * partition. Never a table scan. The cursor is opaque: the day being read and DynamoDB's key.
 */
export const queryOutbox = async (doc: DynamoDBDocumentClient, tableName: string, filter: OutboxFilter, now: Date = new Date()): Promise<OutboxPage> => {
  const decoded = decodeCursor(filter.cursor) as { d?: unknown; k?: unknown } | undefined;
  const byDay = !filter.to && !filter.requestNo;
  let day = typeof decoded?.d === 'string' ? decoded.d : dayOf(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError('VALIDATION', 'cursor: 分页游标无效', 'cursor');
  let startKey = decoded?.k && typeof decoded.k === 'object' ? (decoded.k as Record<string, unknown>) : undefined;
  const oldestDay = dayOf(new Date(now.getTime() - OUTBOX_DAYS_BACK * DAY_MS));

  const partition = (): Partition =>
    filter.to ? { index: 'gsi2', key: `OUTBOXTO#${filter.to}` } : filter.requestNo ? { index: 'gsi3', key: `OUTBOXREQ#${filter.requestNo}` } : { index: 'gsi1', key: `OUTBOXDAY#${day}` };

  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  if (filter.channel) {
    conditions.push('channel = :channel');
    values[':channel'] = filter.channel;
  }
  if (filter.to && filter.requestNo) {
    conditions.push('requestNo = :requestNo');
    values[':requestNo'] = filter.requestNo;
  }

  const items: OutboxEntry[] = [];
  for (;;) {
    const { index, key } = partition();
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': key, ...values },
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ScanIndexForward: false,
        Limit: filter.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => outboxEntry.parse(item)));
    startKey = page.LastEvaluatedKey;
    if (items.length >= filter.limit) {
      if (startKey) return { items, cursor: encodeCursor({ d: day, k: startKey }) };
      if (!byDay || day <= oldestDay) return { items };
      // This day is done; the next page starts with the day before.
      return { items, cursor: encodeCursor({ d: dayOf(new Date(Date.parse(day) - DAY_MS)) }) };
    }
    if (startKey) continue;
    if (!byDay || day <= oldestDay) return { items };
    day = dayOf(new Date(Date.parse(day) - DAY_MS));
  }
};
