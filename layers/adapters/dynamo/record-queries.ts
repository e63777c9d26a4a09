import { BatchGetCommand, QueryCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#core/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { readShardsMerged, type ShardPositions } from './sharded-read.ts';

// The engine behind every admin record listing: a query walks an ordered list of key partitions
// (one exact-key partition, or one day partition after another, newest first), newest item first,
// with the remaining exact filters applied inside the partition. Never a table scan. The cursor names
// the partition being read and DynamoDB's position in it, so it stays valid when the day rolls over.
// A keys-only index (`day`) answers keys: the items are then fetched from the table and filtered here.

export type IndexName = 'gsi1' | 'gsi2' | 'gsi3' | 'day';

export interface Partition {
  index?: IndexName;
  pk: string;
  /** A sharded day partition (day-partition.ts `dayShards`): these keys, merged in sort-key order; `pk` names it. */
  shards?: string[];
  /** Sort key condition: equal, inclusive range, or prefix. */
  sk?: { eq: string } | { between: [string, string] } | { beginsWith: string };
  /** The index projects keys only: fetch each item from the table (`keep` may drop keys first). */
  keysOnly?: { keep?: (keys: Record<string, unknown>) => boolean };
  /** Items of another kind that carry rows of this listing too, read beside it and merged in its order. */
  carriers?: Carriers;
}

/**
 * A one-recipient send record carries its accepted provider call (MSG_LOG) and the report that
 * finished it (MSG_REPORT) instead of a separate item each (docs/ARCHITECTURE.md → "Rows a send
 * record carries"). A listing reads those records' partitions beside its own, sorted by the same
 * `sk` (a send id sorts just before its own entries `<sendId>#…`), and merges them.
 */
export interface Carriers {
  /** The carriers' partition keys (a day's send-record shards, or the one holding a send id). */
  shards: string[];
  /** Their sort-key condition (their `sk` is the send id). */
  sk?: Partition['sk'];
  /** Only a carrier holds this (a document path, e.g. `['recipients', 0, 'reportId']`). */
  has: (string | number)[];
  /** Filters DynamoDB applies to a carrier: attribute = value at its top level. */
  filters?: Record<string, string | undefined>;
  /** Whether a carrier read is listed (the listing's filters on the row it carries). */
  keep?: (item: Record<string, unknown>) => boolean;
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
export const daysBack = (range: { from?: string | undefined; to?: string | undefined }, now: Date, defaultDays = DEFAULT_RANGE_DAYS): string[] => {
  const to = range.to ?? dayOf(now);
  const from = range.from ?? dayOf(new Date(Date.parse(to) - (defaultDays - 1) * DAY_MS));
  if (from > to) throw new DomainError('VALIDATION', 'from: 开始日期晚于结束日期 (from is after to)', 'from');
  const days: string[] = [];
  for (let at = Date.parse(to); at >= Date.parse(from); at -= DAY_MS) {
    days.push(dayOf(new Date(at)));
    if (days.length > MAX_RANGE_DAYS) throw new DomainError('VALIDATION', `from: 日期范围不能超过 ${MAX_RANGE_DAYS} 天 (at most ${MAX_RANGE_DAYS} days)`, 'from');
  }
  return days;
};

/** Sort-key range of an index sorted by ISO time, when the caller gave dates. */
export const timeRange = (range: { from?: string | undefined; to?: string | undefined }): Partition['sk'] =>
  range.from || range.to ? { between: [range.from ?? '0000', `${range.to ?? '9999-12-31'}T23:59:59.999Z\uffff`] } : undefined;

/** Everything but the key attributes: what a record kind without its own schema shows. */
export const withoutKeys = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !/^(pk|sk|gsi\dpk|gsi\dsk|daypk|daysk|pendingpk|pendingsk|expiresAt)$/.test(name)));

/** A partition's name in a cursor: its key and sort-key condition (two requests can share a day's partition). */
const idOf = (p: Partition): string => (p.sk ? `${p.pk}|${JSON.stringify(p.sk)}` : p.pk);

const readCursor = (cursor: string | undefined, partitions: Partition[]) => {
  const decoded = decodeCursor(cursor) as { p?: unknown; k?: unknown } | undefined;
  if (!decoded) return { at: 0, key: undefined };
  const at = partitions.findIndex((p) => idOf(p) === decoded.p);
  if (at < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标与查询条件不符 (cursor of another query)', 'cursor');
  const key = decoded.k && typeof decoded.k === 'object' ? (decoded.k as Record<string, unknown>) : undefined;
  return { at, key };
};

const skCondition = (sk: Partition['sk']): { expression: string; values: Record<string, unknown> } => {
  if (!sk) return { expression: '', values: {} };
  if ('eq' in sk) return { expression: ' AND #sk = :sk', values: { ':sk': sk.eq } };
  if ('beginsWith' in sk) return { expression: ' AND begins_with(#sk, :sk)', values: { ':sk': sk.beginsWith } };
  return { expression: ' AND #sk BETWEEN :sk1 AND :sk2', values: { ':sk1': sk.between[0], ':sk2': sk.between[1] } };
};

const BATCH_GET_MAX = 100;
const BATCH_GET_CONCURRENCY = 4;
const BATCH_GET_TRIES = 5;

/** The table's items for index keys, in the order of the keys (missing ones left out). */
export const fetchItems = async (doc: DynamoDBDocumentClient, table: string, keys: Record<string, unknown>[], projection?: string[]) => {
  const byKey = new Map<string, Record<string, unknown>>();
  const id = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
  const names = projection ? ['pk', 'sk', ...projection] : undefined;
  const fetchChunk = async (chunk: Record<string, unknown>[]) => {
    let pending: Record<string, unknown>[] | undefined = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let tries = 0; pending?.length; tries++) {
      // What DynamoDB hands back unprocessed (throttling) is asked again after a pause; an answer with
      // items silently missing would be wrong, so past a few tries the caller hears "busy".
      if (tries === BATCH_GET_TRIES) throw new DomainError('THROTTLED', '系统繁忙，请稍后重试 (service busy, retry later)');
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** tries));
      const answer: BatchGetCommandOutput = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(names ? { ProjectionExpression: names.map((_, n) => `#p${n}`).join(', '), ExpressionAttributeNames: Object.fromEntries(names.map((name, n) => [`#p${n}`, name])) } : {}),
            },
          },
        }),
      );
      for (const item of answer.Responses?.[table] ?? []) byKey.set(id(item), item);
      pending = answer.UnprocessedKeys?.[table]?.Keys;
    }
  };
  const chunks = Array.from({ length: Math.ceil(keys.length / BATCH_GET_MAX) }, (_, i) => keys.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX));
  for (let i = 0; i < chunks.length; i += BATCH_GET_CONCURRENCY) await Promise.all(chunks.slice(i, i + BATCH_GET_CONCURRENCY).map(fetchChunk));
  return keys.map((k) => byKey.get(id(k))).filter((item): item is Record<string, unknown> => item !== undefined);
};

interface ReadPage {
  found: Record<string, unknown>[];
  scanned: number;
  next?: Record<string, unknown> | undefined;
}

export const queryPartitions = async <T>(doc: DynamoDBDocumentClient, query: PartitionQuery<T>): Promise<RecordPage<T>> => {
  const active = Object.entries(query.filters ?? {}).filter((entry): entry is [string, string | boolean] => entry[1] !== undefined && entry[1] !== '');
  const names = Object.fromEntries(active.map(([field], i) => [`#f${i}`, field]));
  const values = Object.fromEntries(active.map(([, value], i) => [`:f${i}`, value]));
  const conditions = active.map((_, i) => `#f${i} = :f${i}`);
  const matches = (item: Record<string, unknown>) => active.every(([field, value]) => item[field] === value);

  const queryOne = async (part: Partition, pk: string, limit: number, key: Record<string, unknown> | undefined) => {
    const prefix = part.index ?? '';
    const sk = skCondition(part.sk);
    // A keys-only index cannot filter on what it does not hold: filtering happens after the fetch.
    const filtered = conditions.length > 0 && !part.keysOnly;
    const page = await doc.send(
      new QueryCommand({
        TableName: query.table,
        ...(part.index ? { IndexName: part.index } : {}),
        KeyConditionExpression: `#pk = :pk${sk.expression}`,
        ExpressionAttributeNames: { ...(filtered ? names : {}), '#pk': `${prefix}pk`, ...(part.sk ? { '#sk': `${prefix}sk` } : {}) },
        ExpressionAttributeValues: { ...(filtered ? values : {}), ':pk': pk, ...sk.values },
        ...(filtered ? { FilterExpression: conditions.join(' AND ') } : {}),
        ScanIndexForward: false,
        Limit: limit,
        ...(key ? { ExclusiveStartKey: key } : {}),
      }),
    );
    const items = page.Items ?? [];
    return { items: part.keysOnly?.keep ? items.filter(part.keysOnly.keep) : items, scanned: page.ScannedCount ?? 0, next: page.LastEvaluatedKey };
  };
  const queryCarrier = async (carriers: Carriers, pk: string, limit: number, key: Record<string, unknown> | undefined) => {
    const sk = skCondition(carriers.sk);
    const path = carriers.has.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i ? '.' : ''}#h${i}`)).join('');
    const pathNames = Object.fromEntries(carriers.has.flatMap((step, i) => (typeof step === 'number' ? [] : [[`#h${i}`, step]])));
    const own = Object.entries(carriers.filters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
    const page = await doc.send(
      new QueryCommand({
        TableName: query.table,
        KeyConditionExpression: `#pk = :pk${sk.expression}`,
        FilterExpression: [`attribute_exists(${path})`, ...own.map((_, i) => `#c${i} = :c${i}`)].join(' AND '),
        ExpressionAttributeNames: { '#pk': 'pk', ...(carriers.sk ? { '#sk': 'sk' } : {}), ...pathNames, ...Object.fromEntries(own.map(([field], i) => [`#c${i}`, field])) },
        ExpressionAttributeValues: { ':pk': pk, ...sk.values, ...Object.fromEntries(own.map(([, value], i) => [`:c${i}`, value])) },
        ScanIndexForward: false,
        Limit: limit,
        ...(key ? { ExclusiveStartKey: key } : {}),
      }),
    );
    const items = page.Items ?? [];
    return { items: carriers.keep ? items.filter(carriers.keep) : items, scanned: page.ScannedCount ?? 0, next: page.LastEvaluatedKey };
  };
  const read = async (part: Partition, limit: number, key: Record<string, unknown> | undefined, room: number): Promise<ReadPage> => {
    let page: { items: Record<string, unknown>[]; scanned: number; next?: Record<string, unknown> | undefined };
    if (part.shards || part.carriers) {
      const carriers = part.carriers;
      const carrierShards = new Set(carriers?.shards ?? []);
      // Shards merge to at most `room` items, so a page never needs cutting inside a shard.
      const merged = await readShardsMerged([...(part.shards ?? [part.pk]), ...carrierShards], key?.shards as ShardPositions | undefined, {
        take: room,
        query: (pk, n, start) => (carriers && carrierShards.has(pk) ? queryCarrier(carriers, pk, n, start) : queryOne(part, pk, n, start)),
        readLimit: limit,
        order: 'desc',
        sortKey: `${part.index ?? ''}sk`,
        keyNames: ['pk', 'sk', ...(part.index ? [`${part.index}pk`, `${part.index}sk`] : [])],
        maxRounds: MAX_QUERIES_PER_PAGE,
      });
      page = { items: merged.items, scanned: merged.scanned, next: merged.next ? { shards: merged.next } : undefined };
    } else page = await queryOne(part, part.pk, limit, key);
    if (!part.keysOnly) return { found: page.items, scanned: page.scanned, next: page.next };
    const fetched = await fetchItems(doc, query.table, page.items);
    return { found: fetched.filter(matches), scanned: page.scanned, next: page.next };
  };

  let { at, key } = readCursor(query.cursor, query.partitions);
  const items: T[] = [];
  let scanned = 0;
  let matched = 0;
  const narrowed = conditions.length > 0 || query.partitions.some((p) => p.keysOnly?.keep || p.carriers);
  for (let calls = 0; at < query.partitions.length; calls++) {
    const part = query.partitions[at]!;
    if (calls >= MAX_QUERIES_PER_PAGE) return { items, cursor: encodeCursor({ p: idOf(part), ...(key ? { k: key } : {}) }) };
    // With filters DynamoDB's Limit counts items read, not matched: read what the match rate seen
    // so far says fills the page, cut the answer at the page size and resume after its last item.
    const room = query.limit - items.length;
    const page = await read(part, narrowed ? readSize(room, scanned, matched) : room, key, room);
    scanned += page.scanned;
    matched += page.found.length;
    if (page.found.length > room) {
      const last = page.found[room - 1]!;
      items.push(...page.found.slice(0, room).map(query.view));
      const resume = Object.fromEntries(['pk', 'sk', ...(part.index ? [`${part.index}pk`, `${part.index}sk`] : [])].map((name) => [name, last[name]]));
      return { items, cursor: encodeCursor({ p: idOf(part), k: resume }) };
    }
    items.push(...page.found.map(query.view));
    key = page.next;
    if (!key) at++;
    if (items.length >= query.limit) {
      const next = query.partitions[at];
      return { items, ...(next ? { cursor: encodeCursor({ p: idOf(next), ...(key ? { k: key } : {}) }) } : {}) };
    }
  }
  return { items };
};

/** Pages through an in-memory list (a record's recipients) with an offset cursor. */
export const pageOfList = <T>(all: T[], limit: number, cursor: string | undefined): RecordPage<T> => {
  const decoded = decodeCursor(cursor) as { o?: unknown } | undefined;
  const offset = decoded ? Number(decoded.o) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标无效 (invalid cursor)', 'cursor');
  const items = all.slice(offset, offset + limit);
  return { items, ...(offset + limit < all.length ? { cursor: encodeCursor({ o: offset + limit }) } : {}) };
};
