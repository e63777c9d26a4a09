import type * as z from 'zod/mini';
import * as platform from './config-platform.ts';
import * as products from './config-products.ts';
import * as protection from './config-protection.ts';

/**
 * Every configuration entity: its schema, how its id is derived and its seed name. The config store,
 * the admin API and the admin web are all driven by this one table. `stored` is what a read accepts:
 * the schema itself, unless a rule was tightened after items were saved (then older items still
 * load, and the admin refuses to save them until fixed). Schemas are built on first use (`lazily`).
 */
const entity = <S extends z.ZodMiniObject>(schema: () => S, id: (item: z.infer<S>) => string, label: string, seedTable: string, stored: () => z.ZodMiniObject = schema) => ({
  get schema(): S {
    return schema();
  },
  get stored(): z.ZodMiniObject {
    return stored();
  },
  id,
  label,
  seedTable,
});

export const listEntryId = (entry: { kind: string; value: string; bizType?: string | undefined }): string =>
  `${entry.kind}#${entry.value}#${entry.bizType ?? '*'}`;

export const configEntities = {
  institution: entity(platform.institution, (i) => i.code, '系统标识', 'MSG_INSTITUTION'),
  apiKey: entity(platform.apiKey, (k) => k.keyHash, 'API 密钥', 'MSG_API_KEY'),
  bizType: entity(platform.bizType, (b) => b.code, '业务类型配置', 'MSG_BIZTYPE_CONFIG'),
  channelType: entity(platform.channelType, (c) => c.code, '渠道类型配置', 'MSG_CHANNEL_CONFIG'),
  channel: entity(platform.channel, (c) => c.channelNo, '渠道配置', 'MSG_CHANNEL'),
  channelMapping: entity(platform.channelMapping, (m) => m.id, '渠道映射配置', 'MSG_CHANNEL_REL_CONFIG'),
  deviceType: entity(platform.deviceType, (d) => d.code, '设备类型', 'DEVICE_TYPE_CONFIG'),
  template: entity(platform.template, (t) => t.id, '消息模板配置', 'MSG_TMPL_CONFIG'),
  sendType: entity(platform.sendType, (s) => s.id, '派发方式配置', 'MSG_SEND_TYPE_CONFIG'),
  dispatchConfig: entity(platform.dispatchConfig, (d) => d.id, '消息派发配置', 'MSG_SEND_CONFIG'),
  dispatchMethod: entity(platform.dispatchMethod, (d) => d.id, '消息派发方式', 'MSG_SEND_CONFIG_REL'),
  parameter: entity(platform.parameter, (p) => p.code, '参数配置', 'MSG_PARAMETER_CONFIG'),
  dict: entity(platform.dictEntry, (d) => d.id, '字典配置', 'MSG_DICT'),
  captchaScene: entity(protection.captchaScene, (s) => s.bizCode, '业务场景配置', 'BIZ_CODE_CONFIG', protection.storedCaptchaScene),
  blacklist: entity(protection.listEntry, listEntryId, '黑名单配置', 'MSG_BLACK_LIST'),
  whitelist: entity(protection.listEntry, listEntryId, '白名单配置', 'MSG_WHITE_LIST'),
  emailDomain: entity(protection.emailDomain, (d) => d.domain, '邮件域名白名单配置', 'MSG_EMAIL_WHITE_LIST'),
  filterStrategy: entity(protection.filterStrategy, (f) => f.id, '过滤配置', 'MSG_FILTER_STRATEGY'),
  filterStrategyRel: entity(protection.filterStrategyRel, (r) => r.id, '过滤配置关联', 'MSG_FILTER_STRATEGY_REL'),
  productType: entity(products.productType, (p) => p.code, '产品类型配置', 'MSG_PRODUCT_TYPE_CONFIG'),
  product: entity(products.product, (p) => p.code, '产品编号配置', 'MSG_PRODUCT_CONFIG'),
  productMapping: entity(products.productMapping, (m) => m.id, '产品编号映射', 'MSG_PRODUCT_REL_CONFIG'),
  partner: entity(products.partner, (p) => p.code, '合作方接口配置', 'MSG_COOPR_CONFIG'),
  partnerLink: entity(products.partnerLink, (l) => l.id, '合作方接口配置关联', 'MSG_COOPR_CONFIG_REL'),
  partnerMapping: entity(products.partnerMapping, (m) => m.id, '合作方编码映射', 'MSG_COOPR_MAPPING'),
};

export type ConfigEntityName = keyof typeof configEntities;

/** An entity name from a URL: own entries only, so `__proto__` or `constructor` is no entity. */
export const isConfigEntity = (name: string): name is ConfigEntityName => Object.hasOwn(configEntities, name);
export type ConfigItem<E extends ConfigEntityName> = z.infer<(typeof configEntities)[E]['schema']>;
