import type { AuditEntry, SwitchLog } from '#contracts/admin';
import { configEntities, type ConfigEntityName } from '#contracts/config-registry';
import type { AdminConfigDeps, AuditOf, ConfigWriter } from '#core/admin/ports';
import { DomainError } from '#core/errors';

/** An in-memory configuration store with the DynamoDB store's version rules; audit entries go to `audits` with the write. */
export const memoryConfig = (audits: AuditEntry[] = []): ConfigWriter & { items: Map<string, Record<string, unknown>> } => {
  const items = new Map<string, Record<string, unknown>>();
  const key = (entity: string, id: string) => `${entity}|${id}`;
  const idOf = (entity: ConfigEntityName, item: unknown) => (configEntities[entity].id as (i: unknown) => string)(item);
  const store = {
    items,
    get: async (entity: ConfigEntityName, id: string) => items.get(key(entity, id)),
    list: async (entity: ConfigEntityName) => [...items.entries()].filter(([k]) => k.startsWith(`${entity}|`)).map(([, v]) => v),
    put: async (entity: ConfigEntityName, item: object, options: { expectedVersion?: number; by: string; now?: Date; audit?: AuditOf }) => {
      const id = idOf(entity, item);
      const before = items.get(key(entity, id));
      if (options.expectedVersion === undefined && before) throw new DomainError('ALREADY_EXISTS', `${id} exists`, 'id');
      if (options.expectedVersion !== undefined && !before) throw new DomainError('NOT_FOUND', `${id} missing`);
      if (before && before.version !== options.expectedVersion) throw new DomainError('VERSION_CONFLICT', `${id} stale`, 'version');
      const stamp = (options.now ?? new Date()).toISOString();
      const after = { ...item, version: Number(before?.version ?? 0) + 1, createdAt: before?.createdAt ?? stamp, updatedAt: stamp, updatedBy: options.by };
      items.set(key(entity, id), after);
      if (options.audit) audits.push(options.audit({ before, after }));
      return { ...(before ? { before } : {}), after };
    },
    remove: async (entity: ConfigEntityName, id: string, options: { expectedVersion?: number; audit?: AuditOf }) => {
      const before = items.get(key(entity, id));
      if (!before) throw new DomainError('NOT_FOUND', `${id} missing`);
      if (options.expectedVersion !== undefined && before.version !== options.expectedVersion) throw new DomainError('VERSION_CONFLICT', `${id} stale`, 'version');
      items.delete(key(entity, id));
      if (options.audit) audits.push(options.audit({ before }));
      return before;
    },
  };
  return store as unknown as ConfigWriter & { items: Map<string, Record<string, unknown>> };
};

export interface FakeAdminDeps extends AdminConfigDeps {
  audits: AuditEntry[];
  switches: SwitchLog[];
  clock: { now: Date };
}

export const fakeAdminDeps = (): FakeAdminDeps => {
  const audits: AuditEntry[] = [];
  const config = memoryConfig(audits);
  const switches: SwitchLog[] = [];
  const clock = { now: new Date('2026-03-01T08:00:00.000Z') };
  let n = 0;
  return {
    config,
    audit: { record: async (entry) => void audits.push(entry) },
    switchLogs: { record: async (log) => void switches.push(log) },
    now: () => clock.now,
    newId: () => `id${++n}`,
    audits,
    switches,
    clock,
  };
};
