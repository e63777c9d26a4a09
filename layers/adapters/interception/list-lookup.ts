import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { listEntry, type ListEntry } from '#contracts/config-protection';
import type { ListLookup } from '#core/interception/protection-ports';

// Blacklists and whitelists can hold thousands of entries, so they are not listed into memory like
// the rest of the configuration (cached-config.ts): each candidate id is a key lookup in the config
// table (pk `CFG#<entity>`, sk the entry id, as the config store writes them), batched per send
// record and remembered per container — hits and misses — for a short TTL, so an admin change is
// seen within the TTL and a busy recipient costs no reads at all.

type ListEntity = 'blacklist' | 'whitelist' | 'emailDomain';
type Cached = { at: number; entry: ListEntry | true | null };

const BATCH_GET_LIMIT = 100; // DynamoDB's BatchGetItem maximum keys per call
const MAX_ATTEMPTS = 8;

export interface ListLookupOptions {
  ttlMs?: number;
  /** Oldest entries are dropped beyond this, so a container screening millions of recipients stays small. */
  maxCached?: number;
  clock?: () => number;
}

const cacheKey = (entity: ListEntity, id: string) => `${entity}\u0000${id}`;

export const createListLookup = (doc: DynamoDBDocumentClient, tableName: string, options: ListLookupOptions = {}): ListLookup => {
  const { ttlMs = 30_000, maxCached = 200_000, clock = Date.now } = options;
  const cache = new Map<string, Cached>();

  const remember = (key: string, value: Cached) => {
    cache.delete(key); // re-insert at the end: Map order is the eviction order
    cache.set(key, value);
    if (cache.size > maxCached) {
      const excess = cache.size - maxCached;
      let dropped = 0;
      for (const oldest of cache.keys()) {
        if (dropped++ >= excess) break;
        cache.delete(oldest);
      }
    }
  };

  const parse = (entity: ListEntity, item: Record<string, unknown>): ListEntry | true =>
    entity === 'emailDomain' ? true : listEntry().parse(item);

  /** Entries for these keys (null when absent), straight from the table. */
  const fetchChunk = async (keys: { entity: ListEntity; id: string }[]): Promise<Map<string, ListEntry | true | null>> => {
    const fetched = new Map<string, ListEntry | true | null>(keys.map(({ entity, id }) => [cacheKey(entity, id), null]));
    let pending: Record<string, unknown>[] = keys.map(({ entity, id }) => ({ pk: `CFG#${entity}`, sk: id }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const result = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      for (const item of result.Responses?.[tableName] ?? []) {
        const entity = String(item.pk).slice('CFG#'.length) as ListEntity;
        fetched.set(cacheKey(entity, String(item.sk)), parse(entity, item));
      }
      pending = (result.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    return fetched;
  };

  const find: ListLookup['find'] = async ({ blacklist, whitelist, emailDomains }) => {
    const at = clock();
    const wanted = [
      ...blacklist.map((id) => ({ entity: 'blacklist' as const, id })),
      ...whitelist.map((id) => ({ entity: 'whitelist' as const, id })),
      ...emailDomains.map((id) => ({ entity: 'emailDomain' as const, id })),
    ];
    const known = new Map<string, ListEntry | true | null>();
    const missing: typeof wanted = [];
    for (const key of wanted) {
      const cached = cache.get(cacheKey(key.entity, key.id));
      if (cached && at - cached.at < ttlMs) known.set(cacheKey(key.entity, key.id), cached.entry);
      else missing.push(key);
    }
    const chunks = [];
    for (let i = 0; i < missing.length; i += BATCH_GET_LIMIT) chunks.push(missing.slice(i, i + BATCH_GET_LIMIT));
    for (const fetched of await Promise.all(chunks.map(fetchChunk))) {
      for (const [key, entry] of fetched) {
        known.set(key, entry);
        remember(key, { at, entry });
      }
    }

    const result = { blacklist: new Map<string, ListEntry>(), whitelist: new Map<string, ListEntry>(), emailDomains: new Set<string>() };
    for (const { entity, id } of wanted) {
      const entry = known.get(cacheKey(entity, id));
      if (!entry) continue;
      if (entity === 'emailDomain') result.emailDomains.add(id);
      else if (entry !== true) result[entity].set(id, entry);
    }
    return result;
  };

  return { find };
};
