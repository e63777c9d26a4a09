import * as z from 'zod/mini';
import { code } from './config-common.ts';
import { providerKind } from './config-platform.ts';
import { lazily } from './primitives.ts';

// Products (产品) and partners (合作方): configuration the intake and the send consumers act on.

/** 产品类型配置 MSG_PRODUCT_TYPE_CONFIG: dispatch configurations can match a product type. */
export const productType = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 产品编号 MSG_PRODUCT_CONFIG: a productCode callers may send; unknown or disabled ones are refused. */
export const product = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    productTypeCode: code(),
    enabled: z._default(z.boolean(), true),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 产品编号映射 MSG_PRODUCT_REL_CONFIG: another code a caller uses for one of our products. */
export const productMapping = lazily(() =>
  z.object({
    id: code(64),
    externalCode: code(),
    productCode: code(),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 合作方接口配置 MSG_COOPR_CONFIG: a partner's interface settings for its provider (named secrets only). */
export const partner = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    provider: providerKind,
    settings: z._default(z.record(z.string(), z.string()), {}),
    enabled: z._default(z.boolean(), true),
  }),
);

/** 合作方接口配置关联 MSG_COOPR_CONFIG_REL: a send type delivers through this partner's settings. */
export const partnerLink = lazily(() =>
  z.object({
    id: code(64),
    sendTypeId: code(64),
    partnerCode: code(),
    enabled: z._default(z.boolean(), true),
  }),
);

/** 合作方编码映射 MSG_COOPR_MAPPING: a partner's own code for one of our codes (e.g. its template or sign id). */
export const partnerMapping = lazily(() =>
  z.object({
    id: code(64),
    partnerCode: code(),
    kind: z.enum(['TEMPLATE', 'BIZ_TYPE', 'SIGN']).check(z.describe('映射什么: TEMPLATE 模板编号, BIZ_TYPE 业务类型, SIGN 派发方式编号 (其短信签名)')),
    ourCode: code(64).check(z.describe('我方编码: 模板编号 / 业务类型编码 / 派发方式编号 (core/channels/partner-codes.ts)')),
    partnerValue: z.string().check(z.minLength(1), z.maxLength(100)),
  }),
);

export type ProductType = z.infer<ReturnType<typeof productType>>;
export type Product = z.infer<ReturnType<typeof product>>;
export type ProductMapping = z.infer<ReturnType<typeof productMapping>>;
export type Partner = z.infer<ReturnType<typeof partner>>;
export type PartnerLink = z.infer<ReturnType<typeof partnerLink>>;
export type PartnerMapping = z.infer<ReturnType<typeof partnerMapping>>;
