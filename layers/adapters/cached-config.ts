import type { ConfigReader } from '#core/config-port';
import { configEntities, type ConfigEntityName } from '#contracts/config-registry';

/**
 * Entities never served from the cache: the API-key check reads the key and its institution on every
 * request, so a revoked or expired key, a disabled institution and a newly issued key count from the
 * very next request in every container. Only that check reads them, so it costs two GetItems per
 * public request (docs/ARCHITECTURE.md, "API keys").
 */
export const liveEntities: ReadonlySet<ConfigEntityName> = new Set<ConfigEntityName>(['apiKey', 'institution']);

/**
 * The seed's Redis configuration caches, as a per-container cache with a short TTL: each entity's
 * list is loaded once per TTL and lookups are served from it. A miss is a miss in that list, so it is
 * remembered for the TTL too (no read per unknown id) and never longer; a failed load is not kept.
 */
export const cachedConfig = (
  source: ConfigReader,
  ttlMs = 30_000,
  now: () => number = Date.now,
  live: ReadonlySet<ConfigEntityName> = liveEntities,
): ConfigReader => {
  const lists = new Map<ConfigEntityName, { at: number; items: Promise<unknown[]> }>();
  const list = ((entity: ConfigEntityName) => {
    if (live.has(entity)) return source.list(entity);
    const cached = lists.get(entity);
    if (cached && now() - cached.at < ttlMs) return cached.items;
    const items = source.list(entity);
    lists.set(entity, { at: now(), items });
    // Only this load's own entry: a slow failure must not evict a newer load.
    items.catch(() => lists.get(entity)?.items === items && lists.delete(entity));
    return items;
  }) as ConfigReader['list'];
  const get = (async (entity: ConfigEntityName, id: string) => {
    if (live.has(entity)) return source.get(entity, id);
    const idOf = configEntities[entity].id as (item: unknown) => string;
    return (await list(entity)).find((item) => idOf(item) === id);
  }) as ConfigReader['get'];
  return { get, list };
};
