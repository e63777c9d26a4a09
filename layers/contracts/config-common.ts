import * as z from 'zod/mini';

/** Codes are the seed's upper-case identifiers: MARKET_ACTIVITY, OUTPLATFORM, LOGIN… */
export const code = (max = 32) =>
  z
    .string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_.-]+$/, '只能包含字母、数字、下划线、点和连字符 (letters, digits, _ . - only)'));

export const channelKind = z.enum(['SMS', 'EMAIL', 'PUSH', 'MQ']).check(z.describe('派发方式 channel'));
export type ChannelKind = z.infer<typeof channelKind>;

export const custType = z.enum(['PERSONAL', 'MERCHANT', 'STORE']);
export type CustType = z.infer<typeof custType>;

/** HH:mm in 24 h. */
export const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm (time as HH:mm)'));

/** A daily window in a time zone; start > end spans midnight (22:00–07:00). */
export const timeWindow = z.object({
  start: clockTime,
  end: clockTime,
  timeZone: z._default(z.string().check(z.minLength(1)), 'Asia/Shanghai'),
});
export type TimeWindow = z.infer<typeof timeWindow>;

/** Fields every stored configuration item carries; the admin API sets them, callers never do. */
export const configMeta = z.object({
  version: z.int().check(z.nonnegative(), z.describe('optimistic concurrency: send back what you read')),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ConfigMeta = z.infer<typeof configMeta>;
