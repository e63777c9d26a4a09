import type { Product } from '#contracts/config-products';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';

/**
 * productCode (seed: 产品代码) names a configured, enabled product (产品编号 MSG_PRODUCT_CONFIG), directly
 * or through 产品编号映射 (MSG_PRODUCT_REL_CONFIG); its product type then takes part in choosing the
 * dispatch configuration. Not given: no product.
 */
export const resolveProduct = async (config: ConfigReader, productCode: string | null | undefined): Promise<Product | undefined> => {
  if (!productCode) return undefined;
  const mapped = (await config.list('productMapping')).find((m) => m.externalCode === productCode)?.productCode;
  const product = await config.get('product', mapped ?? productCode);
  if (!product?.enabled) {
    throw new DomainError('PRODUCT_UNKNOWN', `productCode: 产品编号 ${productCode} 未配置或未启用 (unknown product)`, 'productCode');
  }
  return product;
};

/** The channel types a channel number belongs to: its own, and those 渠道映射 (MSG_CHANNEL_REL_CONFIG) adds. */
export const channelTypesOf = async (config: ConfigReader, channelNo: string | null | undefined, own: string | undefined): Promise<string[]> => {
  if (!channelNo) return [];
  const mapped = (await config.list('channelMapping')).filter((m) => m.channelNo === channelNo).map((m) => m.channelTypeCode);
  return [...new Set([...(own ? [own] : []), ...mapped])];
};
