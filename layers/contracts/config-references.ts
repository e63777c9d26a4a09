import type { ConfigEntityName } from './config-registry.ts';

// Which configuration field holds an id of which entity: the admin API refuses a delete still
// referenced (layers/core/admin/references.ts) and the admin centre offers these fields as pickers.

/** `from.field` holds an id of `to`: deleting a `to` item still referenced is refused (409). */
export interface Reference {
  to: ConfigEntityName;
  from: ConfigEntityName;
  field: string;
}

export const references: Reference[] = [
  { to: 'template', from: 'dispatchMethod', field: 'templateId' },
  { to: 'template', from: 'captchaScene', field: 'templateId' },
  { to: 'sendType', from: 'dispatchMethod', field: 'sendTypeId' },
  { to: 'sendType', from: 'captchaScene', field: 'sendTypeId' },
  { to: 'dispatchConfig', from: 'dispatchMethod', field: 'dispatchConfigId' },
  { to: 'bizType', from: 'dispatchConfig', field: 'match.bizType' },
  { to: 'bizType', from: 'filterStrategyRel', field: 'bizType' },
  { to: 'channelType', from: 'channel', field: 'channelTypeCode' },
  { to: 'channelType', from: 'channelMapping', field: 'channelTypeCode' },
  { to: 'filterStrategy', from: 'filterStrategyRel', field: 'strategyId' },
  { to: 'deviceType', from: 'dispatchMethod', field: 'deviceTypeCode' },
  { to: 'institution', from: 'apiKey', field: 'institution' },
  { to: 'institution', from: 'dispatchConfig', field: 'match.institution' },
  { to: 'dict', from: 'dict', field: 'parentId' },
  { to: 'productType', from: 'product', field: 'productTypeCode' },
  { to: 'productType', from: 'dispatchConfig', field: 'match.productTypeCode' },
  { to: 'product', from: 'productMapping', field: 'productCode' },
  { to: 'channelType', from: 'dispatchConfig', field: 'match.channelTypeCode' },
  { to: 'partner', from: 'partnerLink', field: 'partnerCode' },
  { to: 'partner', from: 'partnerMapping', field: 'partnerCode' },
  { to: 'sendType', from: 'partnerLink', field: 'sendTypeId' },
];

