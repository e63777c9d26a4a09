import { configEntities, type ConfigEntityName } from '../../../layers/contracts/config-registry.ts';
import { references } from '../../../layers/contracts/config-references.ts';
import { api, type Page } from '../api/client.ts';

// A field that holds another entity's id (layers/contracts/config-references.ts) is a searchable
// select of that entity's items: the operator picks 营销活动, not types MARKET_ACTIVITY from memory.

export const referenceOf = (entity: ConfigEntityName | undefined, field: string): ConfigEntityName | undefined =>
  entity ? references.find((r) => r.from === entity && r.field === field)?.to : undefined;

/** Fields that name a business type, template… on every entity and record page (search forms included). */
const BY_NAME: Record<string, ConfigEntityName> = { bizType: 'bizType', 'match.bizType': 'bizType', institution: 'institution', 'match.institution': 'institution', sendTypeId: 'sendType', templateId: 'template', deviceTypeCode: 'deviceType', channelTypeCode: 'channelType', dispatchConfigId: 'dispatchConfig', strategyId: 'filterStrategy' };

export const referenceByName = (entity: ConfigEntityName | undefined, field: string): ConfigEntityName | undefined =>
  referenceOf(entity, field) ?? (entity && field === configIdField(entity) ? undefined : BY_NAME[field]);

const configIdField = (entity: ConfigEntityName) => ({ bizType: 'code', institution: 'code', sendType: 'id', template: 'id', deviceType: 'code', channelType: 'code', dispatchConfig: 'id', filterStrategy: 'id' })[entity as string];

const cache = new Map<ConfigEntityName, Promise<{ label: string; value: string }[]>>();

/** The entity's items as options (the first 100; configuration lists are short), cached per page load. */
export const referenceOptions = (entity: ConfigEntityName): Promise<{ label: string; value: string }[]> => {
  let loaded = cache.get(entity);
  if (!loaded) {
    const idOf = configEntities[entity].id as (item: Record<string, unknown>) => string;
    loaded = api.get<Page<Record<string, unknown>>>(`/api/admin/config/${entity}`, { limit: 100 }).then((page) =>
      page.items.map((item) => {
        const id = idOf(item);
        const name = item.name ?? item.label ?? item.description;
        return { value: id, label: typeof name === 'string' && name && name !== id ? `${name} (${id})` : id };
      }),
    );
    loaded.catch(() => cache.delete(entity));
    cache.set(entity, loaded);
  }
  return loaded;
};

/** After a save the lists may have changed. */
export const forgetReferenceOptions = (entity: ConfigEntityName) => cache.delete(entity);
