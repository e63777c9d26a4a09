import { configEntities, listEntryId, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { ListEntry } from '#contracts/config-protection';
import type { ConfigReader } from '#core/config-port';
import type { CapCounter, CapOutcome, CapRequest, ListLookup } from '#core/interception/protection-ports';

const meta = { version: 1, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', updatedBy: 'test' };

/** A configuration reader over plain items, keyed as the config store keys them. */
export const fakeConfig = (items: { [E in ConfigEntityName]?: ConfigItem<E>[] }): ConfigReader => {
  const list = (async (entity: ConfigEntityName) => ((items[entity] ?? []) as unknown[]).map((i) => ({ ...(i as object), ...meta }))) as ConfigReader['list'];
  const get = (async (entity: ConfigEntityName, id: string) => {
    const idOf = configEntities[entity].id as (i: unknown) => string;
    return (await list(entity)).find((i) => idOf(i) === id);
  }) as ConfigReader['get'];
  return { get, list };
};

/** In-memory lists: entries are stored under listEntryId of their (already normalised) value. */
export class FakeListLookup implements ListLookup {
  readonly lookups: number[] = [];
  constructor(
    private readonly lists: { blacklist?: ListEntry[]; whitelist?: ListEntry[]; emailDomains?: string[] } = {},
  ) {}
  async find(ids: { blacklist: string[]; whitelist: string[]; emailDomains: string[] }) {
    this.lookups.push(ids.blacklist.length + ids.whitelist.length + ids.emailDomains.length);
    const pick = (entries: ListEntry[] | undefined, wanted: string[]) =>
      new Map((entries ?? []).map((e) => [listEntryId(e), e] as const).filter(([id]) => wanted.includes(id)));
    return {
      blacklist: pick(this.lists.blacklist, ids.blacklist),
      whitelist: pick(this.lists.whitelist, ids.whitelist),
      emailDomains: new Set((this.lists.emailDomains ?? []).filter((d) => ids.emailDomains.includes(d))),
    };
  }
}

/** Counters with the adapter's semantics: a countId is counted once; caps are checked before counting. */
export class FakeCapCounter implements CapCounter {
  readonly items = new Map<string, { n: number; hours: Map<string, number>; ids: Set<string> }>();
  readonly requests: CapRequest[] = [];
  async count(requests: CapRequest[]): Promise<CapOutcome[]> {
    this.requests.push(...requests);
    return requests.map((r) => {
      const key = `${r.scope}#${r.day}`;
      const item = this.items.get(key) ?? { n: 0, hours: new Map<string, number>(), ids: new Set<string>() };
      this.items.set(key, item);
      if (item.ids.has(r.countId)) return 'DUPLICATE';
      if (r.dailyCap !== undefined && item.n >= r.dailyCap) return 'DAILY_CAP';
      if (r.hourlyCap !== undefined && (item.hours.get(r.hour) ?? 0) >= r.hourlyCap) return 'HOURLY_CAP';
      item.ids.add(r.countId);
      item.n += 1;
      item.hours.set(r.hour, (item.hours.get(r.hour) ?? 0) + 1);
      return 'COUNTED';
    });
  }
}
