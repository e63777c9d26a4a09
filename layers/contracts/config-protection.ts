import * as z from 'zod/mini';
import { code, timeWindow } from './config-common.ts';
import { described, lazily } from './primitives.ts';

// 验证码设置 (scenes) and 发送拦截 (lists, strategies).

/**
 * The shortest code the platform issues. Six digits is one guess in a million per attempt (five
 * attempts per code); four digits was one in two thousand. Scenes stored before this floor may hold
 * 4 or 5: they still load (the admin shows them to be fixed) and send raises them to the floor.
 */
export const MIN_CODE_LENGTH = 6;

/** 业务场景配置 BIZ_CODE_CONFIG as stored: what an older version may have saved still parses. */
export const storedCaptchaScene = lazily(() =>
  z.object({
    bizCode: code(),
    description: z.string().check(z.minLength(1), z.maxLength(100), z.describe('业务场景描述, rendered into the SMS')),
    enabled: z._default(z.boolean(), true),
    dailyLimit: described(z._default(z.int().check(z.gte(1), z.lte(1000)), 10), { description: 'sends per phone per day' }),
    validitySeconds: z._default(z.int().check(z.gte(30), z.lte(86400)), 300),
    templateId: code(64),
    sendTypeId: code(64),
    caseSensitive: z._default(z.boolean(), false),
    codeFormat: z._default(z.enum(['DIGITS', 'LETTERS', 'MIXED']), 'DIGITS'),
    codeLength: z._default(z.int().check(z.gte(1), z.lte(8)), 6),
    delivery: z._default(z.enum(['DIRECT', 'QUEUE']), 'DIRECT'),
    cooldownSeconds: z._default(z.int().check(z.gte(0), z.lte(3600)), 60),
    returnCode: described(z._default(z.boolean(), false), { description: 'put the code in the send response (test scenes only)' }),
  }),
);

/** 业务场景配置 BIZ_CODE_CONFIG (+ its template/dispatch relation BIZ_CODE_CONFIG_REL), as written. */
export const captchaScene = lazily(() =>
  z.extend(storedCaptchaScene(), {
    codeLength: described(z._default(z.int().check(z.gte(MIN_CODE_LENGTH, `验证码长度至少 ${MIN_CODE_LENGTH} 位 (codes shorter than ${MIN_CODE_LENGTH} characters are too easy to guess)`), z.lte(8)), 6), { description: `验证码长度 ${MIN_CODE_LENGTH}–8` }),
  }),
);

export const listKind = z.enum(['USER_ID', 'MOBILE', 'DEVICE_NO']);

/**
 * 黑名单 MSG_BLACK_LIST / 白名单 MSG_WHITE_LIST entry. The item id is
 * `${kind}#${normalisedValue}#${bizType ?? '*'}`, so a check is a key lookup.
 */
export const listEntry = lazily(() =>
  z.object({
    kind: listKind,
    value: z.string().check(z.minLength(1), z.maxLength(64), z.describe('mobiles are stored normalised: digits only, no +86')),
    bizType: described(z.optional(code()), { description: 'only for this business type; all when absent' }),
    reason: z.optional(z.string().check(z.maxLength(200))),
    expiresAt: z.optional(z.string()),
  }),
);

/** 邮件域名白名单 MSG_EMAIL_WHITE_LIST: lower-case domain, the item id. */
export const emailDomain = lazily(() =>
  z.object({
    domain: z
      .string().check(z.minLength(3), z.maxLength(253), z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, '域名格式不正确 (not a domain name)')),
    remark: z.optional(z.string().check(z.maxLength(200))),
  }),
);

/** 过滤配置 MSG_FILTER_STRATEGY. */
export const filterStrategy = lazily(() =>
  z.object({
    id: code(64),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    enabled: z._default(z.boolean(), true),
    dailyCap: described(z.optional(z.int().check(z.gte(1))), { description: 'messages per recipient per day' }),
    hourlyCap: z.optional(z.int().check(z.gte(1))),
    quietHours: described(z.optional(timeWindow()), { description: 'held, then released when the window ends' }),
    forbiddenWords: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(200))),
  }),
);

/** 过滤配置关联 MSG_FILTER_STRATEGY_REL: a strategy attached to a business type. */
export const filterStrategyRel = lazily(() =>
  z.object({
    id: code(64),
    strategyId: code(64),
    bizType: code(),
  }),
);

export type CaptchaScene = z.infer<ReturnType<typeof captchaScene>>;
export type ListEntry = z.infer<ReturnType<typeof listEntry>>;
export type EmailDomain = z.infer<ReturnType<typeof emailDomain>>;
export type FilterStrategy = z.infer<ReturnType<typeof filterStrategy>>;
export type FilterStrategyRel = z.infer<ReturnType<typeof filterStrategyRel>>;
