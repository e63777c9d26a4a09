import * as z from 'zod/mini';
import { channelKind, code, custType, timeWindow } from './config-common.ts';
import { described, lazily } from './primitives.ts';

// 消息平台设置 and 系统管理: the configuration that routes a message. Each schema is the editable
// part of an item; stored items add configMeta (version, timestamps, who).

/** 系统标识 — a calling system. Its API keys are separate items (apiKey). */
export const institution = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    remark: z.optional(z.string().check(z.maxLength(500))),
    /** Public API calls per minute and route for this institution (0 = no limit); empty → the platform parameter. */
    rateLimitPerMinute: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  }),
);

/** An API key of an institution: only its SHA-256 is stored; the key is shown once when issued. */
export const apiKey = lazily(() =>
  z.object({
    keyHash: z.string().check(z.length(64), z.describe('hex SHA-256 of the key; the item id')),
    institution: code(),
    prefix: z.string().check(z.maxLength(12), z.describe('first characters of the key, to tell keys apart')),
    createdAt: z.string(),
    /** Rotation overlap: the old key keeps working until then. */
    expiresAt: z.optional(z.string()),
    revokedAt: z.optional(z.string()),
  }),
);

/** 业务类型配置 MSG_BIZTYPE_CONFIG. */
export const bizType = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    priority: z._default(z.int().check(z.gte(0), z.lte(9)), 5),
    greenLane: described(z._default(z.boolean(), false), { description: '绿色通道: requests go to the green request queue' }),
    smsType: z._default(z.enum(['Transactional', 'Promotional']), 'Transactional'),
    critical: described(z._default(z.boolean(), false), { description: 'quiet hours do not hold its messages' }),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 渠道类型配置 MSG_CHANNEL_CONFIG. */
export const channelType = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 渠道配置 MSG_CHANNEL: a channel number (进件渠道) callers pass as channelNo. */
export const channel = lazily(() =>
  z.object({
    channelNo: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    channelTypeCode: code(),
    enabled: z._default(z.boolean(), true),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 渠道映射配置 MSG_CHANNEL_REL_CONFIG: a channel type's channel numbers. */
export const channelMapping = lazily(() =>
  z.object({
    id: code(64),
    channelTypeCode: code(),
    channelNo: code(),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** The broadcast topics' naming convention (infra/constructs/service-grants.ts grants exactly these). */
export const BROADCAST_TOPIC = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:message-platform-[a-z0-9-]+-push-[A-Za-z0-9_-]+$/;

/** 设备类型 DEVICE_TYPE_CONFIG: app push targets. */
export const deviceType = lazily(() =>
  z.object({
    code: code(),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    platform: z.enum(['ANDROID', 'IOS', 'ALL']),
    /** SNS platform application for mobile push; empty for OUTBOX. */
    platformApplicationArn: z.optional(z.string().check(z.maxLength(256))),
    /**
     * pushType ALL: the SNS topic every registered device of this type is subscribed to, so a broadcast
     * is one publish. Named `message-platform-<stage>-push-…`: the functions are granted those topics only.
     */
    broadcastTopicArn: z.optional(z
      .string().check(z.maxLength(256), z.regex(BROADCAST_TOPIC, '应为 arn:aws:sns:<region>:<account>:message-platform-<stage>-push-<name> (an SNS topic named message-platform-<stage>-push-…)'))),
  }),
);

/** 消息模板配置 MSG_TMPL_CONFIG: `${var}` placeholders from bizContent and the recipient. */
export const template = lazily(() =>
  z.object({
    id: code(64),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    /** SMS and MQ have no title: it may be left empty (e-mail subject, push title otherwise). */
    title: described(z._default(z.string().check(z.maxLength(255)), ''), { description: '短信无标题，可留空；可用 ${变量}' }),
    content: z.string().check(z.minLength(1), z.maxLength(2000), z.describe('可用 ${变量}：取自 bizContent 或用户字段，如 ${custName}')),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

export const providerKind = z.enum(['SNS_SMS', 'HTTP_SMS', 'SES', 'SNS_PUSH', 'SQS', 'OUTBOX']);
export type ProviderKind = z.infer<typeof providerKind>;

/** 派发方式配置 MSG_SEND_TYPE_CONFIG: a channel and the provider that delivers it. */
export const sendType = lazily(() =>
  z.object({
    id: code(64),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    channel: channelKind(),
    provider: providerKind,
    /** Failover order (SPEC §11): tried first to last as their breakers allow; absent: `provider` alone. */
    providers: described(z.optional(z.array(providerKind).check(z.minLength(1), z.maxLength(5))), { description: 'failover order; the first is the usual provider' }),
    /**
     * Provider settings, e.g. {url, signingKeySecret} for HTTP_SMS, {from} for SES, {queue} for SQS.
     * Credentials are named (a Secrets Manager name or ARN, `provider-secrets.ts`), never stored here:
     * admin writes refuse them (core/admin/provider-settings.ts).
     */
    settings: z._default(z.record(z.string(), z.string()), {}),
    enabled: z._default(z.boolean(), true),
  }),
);

/** 消息派发配置 MSG_SEND_CONFIG: which messages it matches (empty = any) and how they are sent. */
export const dispatchConfig = lazily(() =>
  z.object({
    id: code(64),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    priority: described(z._default(z.int().check(z.gte(0), z.lte(1000)), 0), { description: 'the highest priority match wins' }),
    match: z.object({
      institution: z.optional(code()),
      bizType: z.optional(code()),
      subBizType: z.optional(z.string().check(z.maxLength(32))),
      productCode: z.optional(z.string().check(z.maxLength(32))),
      channelNo: z.optional(z.string().check(z.maxLength(32))),
      /** The product type of the request's productCode (产品类型, MSG_PRODUCT_CONFIG → MSG_PRODUCT_TYPE_CONFIG). */
      productTypeCode: z.optional(z.string().check(z.maxLength(32))),
      /** The channel type of the request's channelNo (渠道映射 MSG_CHANNEL_REL_CONFIG). */
      channelTypeCode: z.optional(z.string().check(z.maxLength(32))),
      /** EMAIL matches sendType=EMAIL requests; DEFAULT matches requests without sendType. */
      sendType: z.optional(z.enum(['EMAIL', 'DEFAULT'])),
    }),
    sendWindow: described(z.optional(timeWindow()), { description: '发送时间段: outside it records wait for the window' }),
    sendLimit: described(z._default(z.int().check(z.gte(1), z.lte(20)), 3), { description: '限制发送次数' }),
  }),
);

/** 消息派发配置方式关联 MSG_SEND_CONFIG_REL: one way a matched message is sent. */
export const dispatchMethod = lazily(() =>
  z.object({
    id: code(64),
    dispatchConfigId: code(64),
    sendTypeId: code(64),
    templateId: described(z.optional(code(64)), { description: 'used when the request has useTmpl=Y' }),
    deviceTypeCode: described(z.optional(code()), { description: 'app push only' }),
    custTypes: described(z.optional(z.array(custType())), { description: '派发客户类型: only these recipients' }),
    greenLane: z._default(z.boolean(), false),
    enabled: z._default(z.boolean(), true),
    /** The seed puts both on 派发方式关联: each method keeps its own; absent = the configuration's. */
    sendWindow: described(z.optional(timeWindow()), { description: '发送时间段 of this method: outside it its records wait' }),
    sendLimit: described(z.optional(z.int().check(z.gte(1), z.lte(20))), { description: '限制发送次数 of this method' }),
  }),
);

/** 参数配置 MSG_PARAMETER_CONFIG. */
export const parameter = lazily(() =>
  z.object({
    code: code(64),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    value: z.string().check(z.maxLength(2000)),
    remark: z.optional(z.string().check(z.maxLength(500))),
  }),
);

/** 字典配置 MSG_DICT: a tree; parentId is absent at the root. */
export const dictEntry = lazily(() =>
  z.object({
    id: code(64),
    parentId: z.optional(code(64)),
    code: z.string().check(z.minLength(1), z.maxLength(64)),
    label: z.string().check(z.minLength(1), z.maxLength(100)),
    value: z.optional(z.string().check(z.maxLength(500))),
    sort: z._default(z.int(), 0),
  }),
);

export type Institution = z.infer<ReturnType<typeof institution>>;
export type ApiKey = z.infer<ReturnType<typeof apiKey>>;
export type BizType = z.infer<ReturnType<typeof bizType>>;
export type ChannelType = z.infer<ReturnType<typeof channelType>>;
export type Channel = z.infer<ReturnType<typeof channel>>;
export type ChannelMapping = z.infer<ReturnType<typeof channelMapping>>;
export type DeviceType = z.infer<ReturnType<typeof deviceType>>;
export type Template = z.infer<ReturnType<typeof template>>;
export type SendType = z.infer<ReturnType<typeof sendType>>;
export type DispatchConfig = z.infer<ReturnType<typeof dispatchConfig>>;
export type DispatchMethod = z.infer<ReturnType<typeof dispatchMethod>>;
export type Parameter = z.infer<ReturnType<typeof parameter>>;
export type DictEntry = z.infer<ReturnType<typeof dictEntry>>;
