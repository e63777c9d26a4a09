import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#core/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';

// The engine behind every admin record listing: a query walks an ordered list of key partitions
// (one exact-key partition, or one day partition after another, newest first), newest item first,
// with the remaining exact filters applied inside the partition. Never a table scan. The cursor names
// the partition being read and DynamoDB's position in it, so it stays valid when the day rolls over.

export type IndexName = 'gsi1' | 'gsi2' | 'gsi3';

export interface Partition {
  index?: IndexName;
  pk: string;
  /** Sort key condition: equal, or inclusive range. */
  sk?: { eq: string } | { between: [string, string] };
}

export interface RecordPage<T> {
  items: T[];
  cursor?: string;
}

export interface PartitionQuery<T> {
  table: string;
  partitions: Partition[];
  /** attribute = value, applied inside the partition; undefined/'' are ignored. */
  filters?: Record<string, string | boolean | undefined>;
  limit: number;
  cursor?: string | undefined;
  view: (item: Record<string, unknown>) => T;
}

/** Reads per call are bounded; a sparse filter answers fewer items with a cursor to go on. */
const MAX_QUERIES_PER_PAGE = 40;
const FILTERED_READ_MAX = 250;

/** Items to read for `room` more matches at the rate seen so far (a first guess of one in two). */
const readSize = (room: number, scanned: number, matched: number): number => {
  const rate = scanned > 0 ? Math.max(matched / scanned, 0.02) : 0.5;
  return Math.min(FILTERED_READ_MAX, Math.max(room, Math.ceil((room / rate) * 1.2)));
};
const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 92;
export const DEFAULT_RANGE_DAYS = 30;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** Days from `to` back to `from` (newest first); default the last 30 days up to today (UTC). */
export const daysBack = (range: { from?: string | undefined; to?: string | undefined }, now: Date): string[] => {
  const to = range.to ?? dayOf(now);
  const from = range.from ?? dayOf(new Date(Date.parse(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS));
  if (from > to) throw new DomainError('VALIDATION', 'from: 开始日期晚于结束日期', 'from');
  const days: string[] = [];
  for (let at = Date.parse(to); at >= Date.parse(from); at -= DAY_MS) {
    days.push(dayOf(new Date(at)));
    if (days.length > MAX_RANGE_DAYS) throw new DomainError('VALIDATION', `from: 日期范围不能超过 ${MAX_RANGE_DAYS} 天`, 'from');
  }
  return days;
};

/** Sort-key range of an index sorted by ISO time, when the caller gave dates. */
export const timeRange = (range: { from?: string | undefined; to?: string | undefined }): Partition['sk'] =>
  range.from || range.to ? { between: [range.from ?? '0000', `${range.to ?? '9999-12-31'}T23:59:59.999Z\uffff`] } : undefined;

/** Everything but the key attributes: what a record kind without its own schema shows. */
export const withoutKeys = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !/^(pk|sk|gsi\dpk|gsi\dsk|pendingpk|pendingsk|expiresAt)$/.test(name)));

const readCursor = (cursor: string | undefined, partitions: Partition[]) => {
  const decoded = decodeCursor(cursor) as { p?: unknown; k?: unknown } | undefined;
  if (!decoded) return { at: 0, key: undefined };
  const at = partitions.findIndex((p) => p.pk === decoded.p);
  if (at < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标与查询条件不符', 'cursor');
  const key = decoded.k && typeof decoded.k === 'object' ? (decoded.k as Record<string, unknown>) : undefined;
  return { at, key };
};

export const queryPartitions = async <T>(doc: DynamoDBDocumentClient, query: PartitionQuery<T>): Promise<RecordPage<T>> => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  Object.entries(query.filters ?? {}).forEach(([field, value], i) => {
    if (value === undefined || value === '') return;
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    conditions.push(`#f${i} = :f${i}`);
  });
  let { at, key } = readCursor(query.cursor, query.partitions);
  const items: T[] = [];
  let scanned = 0;
  let matched = 0;
  for (let calls = 0; at < query.partitions.length; calls++) {
    const part = query.partitions[at]!;
    if (calls >= MAX_QUERIES_PER_PAGE) return { items, cursor: encodeCursor({ p: part.pk, ...(key ? { k: key } : {}) }) };
    const prefix = part.index ?? '';
    const skValues: Record<string, unknown> =
      part.sk && 'eq' in part.sk ? { ':sk': part.sk.eq } : part.sk ? { ':sk1': part.sk.between[0], ':sk2': part.sk.between[1] } : {};
    const skCondition = part.sk ? ('eq' in part.sk ? ` AND #sk = :sk` : ` AND #sk BETWEEN :sk1 AND :sk2`) : '';
    const page = await doc.send(
      new QueryCommand({
        TableName: query.table,
        ...(part.index ? { IndexName: part.index } : {}),
        KeyConditionExpression: `#pk = :pk${skCondition}`,
        ExpressionAttributeNames: { ...names, '#pk': `${prefix}pk`, ...(part.sk ? { '#sk': `${prefix}sk` } : {}) },
        ExpressionAttributeValues: { ...values, ':pk': part.pk, ...skValues },
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ScanIndexForward: false,
        // With filters DynamoDB's Limit counts items read, not matched: read what the match rate seen
        // so far says fills the page, cut the answer at the page size and resume after its last item.
        Limit: conditions.length ? readSize(query.limit - items.length, scanned, matched) : query.limit - items.length,
        ...(key ? { ExclusiveStartKey: key } : {}),
      }),
    );
    const found = page.Items ?? [];
    scanned += page.ScannedCount ?? 0;
    matched += found.length;
    const room = query.limit - items.length;
    if (found.length > room) {
      const last = found[room - 1]!;
      items.push(...found.slice(0, room).map(query.view));
      const resume = Object.fromEntries(['pk', 'sk', ...(part.index ? [`${part.index}pk`, `${part.index}sk`] : [])].map((name) => [name, last[name]]));
      return { items, cursor: encodeCursor({ p: part.pk, k: resume }) };
    }
    items.push(...found.map(query.view));
    key = page.LastEvaluatedKey;
    if (!key) at++;
    if (items.length >= query.limit) {
      const next = query.partitions[at];
      return { items, ...(next ? { cursor: encodeCursor({ p: next.pk, ...(key ? { k: key } : {}) }) } : {}) };
    }
  }
  return { items };
};

/** Pages through an in-memory list (a record's recipients) with an offset cursor. */
export const pageOfList = <T>(all: T[], limit: number, cursor: string | undefined): RecordPage<T> => {
  const decoded = decodeCursor(cursor) as { o?: unknown } | undefined;
  const offset = decoded ? Number(decoded.o) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标无效', 'cursor');
  const items = all.slice(offset, offset + limit);
  return { items, ...(offset + limit < all.length ? { cursor: encodeCursor({ o: offset + limit }) } : {}) };
};
