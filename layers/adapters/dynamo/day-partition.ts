import { createHash } from 'node:crypto';

// Day-keyed partitions, sharded (docs/ARCHITECTURE.md → "Day partitions and their shards"). A busy
// day's items of one kind (send records, OUTBOX entries, the requests' day index, SMS logs…) would all
// land on one partition key, which DynamoDB serves at about 1,000 write units per second however much
// Lambda scales. Each item therefore goes to one of `shards` keys `<PREFIX>#<day>#<nn>`, chosen by a
// hash of its own stable id (a rewrite lands on the same shard); a listing of the day reads every
// shard and merges them in sort-key order (record-queries.ts). Sharding a new kind is one line here.

export interface DayKind {
  /** What the key starts with, e.g. `SEND` → `SEND#2026-12-01#07`. */
  prefix: string;
  /** 1 keeps the unsharded key `<PREFIX>#<day>` (low-volume kinds written by operators). */
  shards: number;
}

/**
 * 32 shards: a shard takes 1/32 of its kind's writes on average, and the busiest one stays under
 * 1/16 with room for hashing's unevenness (16 shards would put the busiest above 1/16 half the time).
 */
export const DAY_SHARDS = 32;

const kind = (prefix: string, shards = DAY_SHARDS): DayKind => ({ prefix, shards });

/** Every day-keyed partition of the platform, by name. A writer or reader names its kind here. */
export const DAY_KINDS = {
  send: kind('SEND'),
  outbox: kind('OUTBOX'),
  requestDay: kind('REQDAY'),
  smsLog: kind('SMSLOGDAY'),
  smsReport: kind('SMSRPTDAY'),
  fileRequest: kind('FILEDAY'),
  fileDetail: kind('FILEDETAILDAY'),
  import: kind('IMPORTDAY'),
  inbox: kind('INBOXDAY'),
  intercept: kind('ICPTDAY'),
  interceptedRequest: kind('ICPTREQDAY'),
  captcha: kind('CAPDAY'),
  upstream: kind('UPSTREAMDAY'),
  callbackDelivery: kind('CBDELDAY'),
  // Operator actions and provider switches: a handful a day, in the audit table.
  audit: kind('AUDITDAY', 1),
  switchLog: kind('SWLOGDAY', 1),
  // Excel imports: a few a day, started by operators.
  importJob: kind('IMPORTJOBDAY', 1),
} as const satisfies Record<string, DayKind>;

/** Bump when the layout of keys changes: the local runner refuses data written under another one. */
export const KEY_LAYOUT_VERSION = 2;

const pad = (shard: number) => String(shard).padStart(2, '0');

/** The shard (0 … shards-1) of an item with this stable id. */
export const shardOfId = (id: string, shards: number): number => createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % shards;

/** The partition key of the item `id` of `kind` on `day` (yyyy-mm-dd). */
export const dayPartition = (k: DayKind, day: string, id: string): string => (k.shards <= 1 ? `${k.prefix}#${day}` : `${k.prefix}#${day}#${pad(shardOfId(id, k.shards))}`);

/** Every key of `kind` on `day`: what a listing of the day reads and merges. */
export const dayShardKeys = (k: DayKind, day: string): string[] =>
  k.shards <= 1 ? [`${k.prefix}#${day}`] : Array.from({ length: k.shards }, (_, shard) => `${k.prefix}#${day}#${pad(shard)}`);

/**
 * A day of `kind` as a listing partition (record-queries.ts): `pk` names it in cursors, `shards` are
 * the keys read and merged in sort-key order.
 */
export const dayShards = (k: DayKind, day: string): { pk: string; shards?: string[] } =>
  k.shards <= 1 ? { pk: `${k.prefix}#${day}` } : { pk: `${k.prefix}#${day}`, shards: dayShardKeys(k, day) };
