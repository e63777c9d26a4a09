import type { ConfigMeta } from '#contracts/config-common';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';

export type Stored<T> = T & ConfigMeta;

/**
 * Read access to configuration. Deployed functions read through a short-TTL per-container cache, so
 * an admin change is seen within the TTL everywhere; API keys and institutions are read on every
 * lookup instead, so the API-key check sees a revocation at once (adapters/cached-config.ts).
 */
export interface ConfigReader {
  get<E extends ConfigEntityName>(entity: E, id: string): Promise<Stored<ConfigItem<E>> | undefined>;
  list<E extends ConfigEntityName>(entity: E): Promise<Stored<ConfigItem<E>>[]>;
}
