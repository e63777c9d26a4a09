import { configFilters, readOnlyConfigEntities } from '#contracts/admin';
import { configEntities, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { ConfigReader, Stored } from '#core/config-port';
import { DomainError } from '#core/errors';
import { filterCandidates } from './config-input.ts';
import { auditWith, type Actor, type AdminConfigDeps } from './ports.ts';
import { assertSettingsNameSecrets } from './provider-settings.ts';
import { fieldValue, references } from './references.ts';
import { switchLogsFor } from './switch-log.ts';

const idOf = (entity: ConfigEntityName, item: unknown): string => (configEntities[entity].id as (i: unknown) => string)(item);

const encodeAfter = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeAfter = (cursor: string): string => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!id || encodeAfter(id) !== cursor) throw new DomainError('VALIDATION', 'cursor: 分页游标无效 (invalid cursor)', 'cursor');
  return id;
};

export interface ConfigListInput<E extends ConfigEntityName = ConfigEntityName> {
  entity: E;
  filters: Record<string, string | undefined>;
  limit: number;
  cursor?: string | undefined;
}

/**
 * One entity's items with the seed's exact-match filters, ordered by id. Configuration partitions are
 * small, so filtering happens inside the entity's partition; the cursor is the last id returned,
 * which stays valid (no duplicates, nothing skipped) while items are added or removed.
 */
export const listConfig = async <E extends ConfigEntityName>(
  deps: { config: ConfigReader },
  input: ConfigListInput<E>,
): Promise<{ items: Stored<ConfigItem<E>>[]; cursor?: string }> => {
  const fields = configFilters[input.entity] as readonly string[];
  const active = fields.flatMap((field) => {
    const value = input.filters[field];
    return value === undefined || value === '' ? [] : [{ field, values: filterCandidates(input.entity, field, value) }];
  });
  const after = input.cursor ? decodeAfter(input.cursor) : undefined;
  const all = (await deps.config.list(input.entity))
    .map((item) => ({ id: idOf(input.entity, item), item }))
    .filter(({ item }) => active.every(({ field, values }) => values.includes(String(fieldValue(item, field)))))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = after === undefined ? all : all.filter(({ id }) => id > after);
  const page = rest.slice(0, input.limit);
  return {
    items: page.map(({ item }) => item),
    ...(rest.length > input.limit ? { cursor: encodeAfter(page.at(-1)!.id) } : {}),
  };
};

export const getConfig = async <E extends ConfigEntityName>(deps: { config: ConfigReader }, entity: E, id: string): Promise<Stored<ConfigItem<E>>> => {
  const item = await deps.config.get(entity, id);
  if (!item) throw new DomainError('NOT_FOUND', `${configEntities[entity].label} ${id} 不存在 (${entity} not found)`);
  return item;
};

const assertWritable = (entity: ConfigEntityName) => {
  if (readOnlyConfigEntities.includes(entity)) {
    throw new DomainError('VALIDATION', `${entity}: 请通过 /institution/{code}/keys 签发或停用 (keys are issued, not edited)`, 'entity');
  }
};

/** Every id the item names must exist (a dispatch method's send type, a dict node's parent…). */
const assertReferencesExist = async (deps: { config: ConfigReader }, entity: ConfigEntityName, item: unknown) => {
  for (const ref of references.filter((r) => r.from === entity)) {
    const value = fieldValue(item, ref.field);
    if (value === undefined || value === null || value === '') continue;
    if (!(await deps.config.get(ref.to, String(value)))) {
      throw new DomainError('VALIDATION', `${ref.field}: ${configEntities[ref.to].label} ${String(value)} 不存在 (no ${ref.to} ${String(value)})`, ref.field);
    }
  }
};

/** A dictionary node cannot move under itself or one of its descendants (the tree would lose a branch). */
const assertNoDictCycle = async (deps: { config: ConfigReader }, id: string, parentId: string | undefined) => {
  for (let at = parentId, depth = 0; at && depth < 100; depth++) {
    if (at === id) throw new DomainError('VALIDATION', `parentId: 字典项 ${id} 不能挂在自己或下级之下 (a node cannot be under itself or its children)`, 'parentId');
    at = (await deps.config.get('dict', at))?.parentId;
  }
};

export const createConfig = async <E extends ConfigEntityName>(deps: AdminConfigDeps, actor: Actor, entity: E, item: ConfigItem<E>) => {
  assertWritable(entity);
  assertSettingsNameSecrets(entity, item);
  await assertReferencesExist(deps, entity, item);
  const audit = auditWith(deps, actor, { entity, entityId: idOf(entity, item), action: 'create' });
  const { after } = await deps.config.put(entity, item, { by: actor.username, now: deps.now(), audit });
  return after;
};

export const updateConfig = async <E extends ConfigEntityName>(
  deps: AdminConfigDeps,
  actor: Actor,
  input: { entity: E; id: string; item: ConfigItem<E>; version: number },
) => {
  const { entity, id, item, version } = input;
  assertWritable(entity);
  if (idOf(entity, item) !== id) {
    throw new DomainError('VALIDATION', `id: 不能修改标识字段 (the id fields of ${id} cannot change; delete and create instead)`, 'id');
  }
  assertSettingsNameSecrets(entity, item);
  await assertReferencesExist(deps, entity, item);
  if (entity === 'dict') await assertNoDictCycle(deps, id, (item as ConfigItem<'dict'>).parentId);
  const audit = auditWith(deps, actor, { entity, entityId: id, action: 'update' });
  const { before, after } = await deps.config.put(entity, item, { expectedVersion: version, by: actor.username, now: deps.now(), audit });
  for (const log of await switchLogsFor(deps, actor, entity, before, after)) await deps.switchLogs.record(log);
  return after;
};

/** The first item that still names `id`, as "label id"; undefined when nothing does. */
const referrerOf = async (deps: { config: ConfigReader }, entity: ConfigEntityName, id: string): Promise<string | undefined> => {
  for (const ref of references.filter((r) => r.to === entity)) {
    const items = await deps.config.list(ref.from);
    const hit = items.find((item) => String(fieldValue(item, ref.field)) === id && !(ref.from === 'apiKey' && 'revokedAt' in item && item.revokedAt));
    if (hit) return `${configEntities[ref.from].label} ${idOf(ref.from, hit)} (${ref.field})`;
  }
  return undefined;
};

export const deleteConfig = async (deps: AdminConfigDeps, actor: Actor, input: { entity: ConfigEntityName; id: string; version?: number | undefined }) => {
  const { entity, id } = input;
  assertWritable(entity);
  const referrer = await referrerOf(deps, entity, id);
  if (referrer) throw new DomainError('STILL_REFERENCED', `${configEntities[entity].label} ${id} 仍被 ${referrer} 引用，不能删除 (still referenced by ${referrer})`, 'id');
  const audit = auditWith(deps, actor, { entity, entityId: id, action: 'delete' });
  await deps.config.remove(entity, id, { ...(input.version === undefined ? {} : { expectedVersion: input.version }), audit });
  return { deleted: id };
};
