import * as z from 'zod';
import { code, timeWindow } from './config-common.ts';

// 验证码设置 (scenes) and 发送拦截 (lists, strategies).

/**
 * The shortest code the platform issues. Six digits is one guess in a million per attempt (five
 * attempts per code); four digits was one in two thousand. Scenes stored before this floor may hold
 * 4 or 5: they still load (the admin shows them to be fixed) and send raises them to the floor.
 */
export const MIN_CODE_LENGTH = 6;

/** 业务场景配置 BIZ_CODE_CONFIG as stored: what an older version may have saved still parses. */
export const storedCaptchaScene = z.object({
  bizCode: code(),
  description: z.string().min(1).max(100).describe('业务场景描述, rendered into the SMS'),
  enabled: z.boolean().default(true),
  dailyLimit: z.number().int().min(1).max(1000).default(10).describe('sends per phone per day'),
  validitySeconds: z.number().int().min(30).max(86400).default(300),
  templateId: code(64),
  sendTypeId: code(64),
  caseSensitive: z.boolean().default(false),
  codeFormat: z.enum(['DIGITS', 'LETTERS', 'MIXED']).default('DIGITS'),
  codeLength: z.number().int().min(1).max(8).default(6),
  delivery: z.enum(['DIRECT', 'QUEUE']).default('DIRECT'),
  cooldownSeconds: z.number().int().min(0).max(3600).default(60),
  returnCode: z.boolean().default(false).describe('put the code in the send response (test scenes only)'),
});

/** 业务场景配置 BIZ_CODE_CONFIG (+ its template/dispatch relation BIZ_CODE_CONFIG_REL), as written. */
export const captchaScene = storedCaptchaScene.extend({
  codeLength: z
    .number()
    .int()
    .min(MIN_CODE_LENGTH, `验证码长度至少 ${MIN_CODE_LENGTH} 位 (codes shorter than ${MIN_CODE_LENGTH} characters are too easy to guess)`)
    .max(8)
    .default(6)
    .describe(`验证码长度 ${MIN_CODE_LENGTH}–8`),
});

export const listKind = z.enum(['USER_ID', 'MOBILE', 'DEVICE_NO']);

/**
 * 黑名单 MSG_BLACK_LIST / 白名单 MSG_WHITE_LIST entry. The item id is
 * `${kind}#${normalisedValue}#${bizType ?? '*'}`, so a check is a key lookup.
 */
export const listEntry = z.object({
  kind: listKind,
  value: z.string().min(1).max(64).describe('mobiles are stored normalised: digits only, no +86'),
  bizType: code().optional().describe('only for this business type; all when absent'),
  reason: z.string().max(200).optional(),
  expiresAt: z.string().optional(),
});

/** 邮件域名白名单 MSG_EMAIL_WHITE_LIST: lower-case domain, the item id. */
export const emailDomain = z.object({
  domain: z
    .string()
    .min(3)
    .max(253)
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, '域名格式不正确 (not a domain name)'),
  remark: z.string().max(200).optional(),
});

/** 过滤配置 MSG_FILTER_STRATEGY. */
export const filterStrategy = z.object({
  id: code(64),
  name: z.string().min(1).max(100),
  enabled: z.boolean().default(true),
  dailyCap: z.number().int().min(1).optional().describe('messages per recipient per day'),
  hourlyCap: z.number().int().min(1).optional(),
  quietHours: timeWindow.optional().describe('held, then released when the window ends'),
  forbiddenWords: z.array(z.string().min(1).max(50)).max(200).optional(),
});

/** 过滤配置关联 MSG_FILTER_STRATEGY_REL: a strategy attached to a business type. */
export const filterStrategyRel = z.object({
  id: code(64),
  strategyId: code(64),
  bizType: code(),
});

export type CaptchaScene = z.infer<typeof captchaScene>;
export type ListEntry = z.infer<typeof listEntry>;
export type EmailDomain = z.infer<typeof emailDomain>;
export type FilterStrategy = z.infer<typeof filterStrategy>;
export type FilterStrategyRel = z.infer<typeof filterStrategyRel>;
