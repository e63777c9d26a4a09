import type { DispatchConfig } from '#contracts/config-platform';

/** The request fields a dispatch configuration (派发配置) can match on; empty means "not given". */
export interface DispatchKey {
  institution: string;
  bizType: string;
  subBizType?: string | undefined;
  productCode?: string | undefined;
  channelNo?: string | undefined;
  sendType?: string | undefined;
  /** The product type of productCode, and the channel types channelNo is mapped to (渠道映射). */
  productTypeCode?: string | undefined;
  channelTypeCodes?: string[] | undefined;
}

const FIELDS = ['institution', 'bizType', 'subBizType', 'productCode', 'channelNo', 'productTypeCode'] as const;

const matches = (config: DispatchConfig, key: DispatchKey): boolean => {
  for (const field of FIELDS) {
    const wanted = config.match[field];
    if (wanted && wanted !== (key[field] ?? '')) return false;
  }
  const channelType = config.match.channelTypeCode;
  if (channelType && !(key.channelTypeCodes ?? []).includes(channelType)) return false;
  const sendType = config.match.sendType;
  if (sendType === 'EMAIL' && key.sendType !== 'EMAIL') return false;
  if (sendType === 'DEFAULT' && key.sendType) return false;
  return true;
};

/**
 * The seed's "最优派发方式": among enabled configurations whose non-empty match fields all equal the
 * request's, the highest priority wins; equal priorities are broken by id so the choice is stable.
 */
export const matchDispatch = <C extends DispatchConfig>(configs: C[], key: DispatchKey): C | undefined =>
  configs
    .filter((c) => c.enabled && matches(c, key))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
