import type { ConfigReader } from '#core/config-port';
import { configEntities, type ConfigEntityName } from '#contracts/config-registry';

/**
 * The seed's Redis configuration caches, as a per-container cache with a short TTL: each entity's
 * list is loaded once per TTL and lookups are served from it.
 */
export const cachedConfig = (source: ConfigReader, ttlMs = 30_000, now: () => number = Date.now): ConfigReader => {
  const lists = new Map<ConfigEntityName, { at: number; items: Promise<unknown[]> }>();
  const list = ((entity: ConfigEntityName) => {
    const cached = lists.get(entity);
    if (cached && now() - cached.at < ttlMs) return cached.items;
    const items = source.list(entity);
    lists.set(entity, { at: now(), items });
    items.catch(() => lists.delete(entity));
    return items;
  }) as ConfigReader['list'];
  const get = (async (entity: ConfigEntityName, id: string) => {
    const idOf = configEntities[entity].id as (item: unknown) => string;
    return (await list(entity)).find((item) => idOf(item) === id);
  }) as ConfigReader['get'];
  return { get, list };
};
