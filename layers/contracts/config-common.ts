import * as z from 'zod/mini';
import { lazily } from './primitives.ts';

// Built on first use (`lazily`): every function that reads configuration imports this module, and
// most never build the entities that use these.

/** Codes are the seed's upper-case identifiers: MARKET_ACTIVITY, OUTPLATFORM, LOGIN… */
export const code = (max = 32) =>
  z
    .string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_.-]+$/, '只能包含字母、数字、下划线、点和连字符 (letters, digits, _ . - only)'));

/** The four channels, in the order the registry, the lanes and the dashboards list them. */
export const CHANNEL_KINDS = ['SMS', 'EMAIL', 'PUSH', 'MQ'] as const;
export const channelKind = lazily(() => z.enum(CHANNEL_KINDS).check(z.describe('派发方式 channel')));
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const custType = lazily(() => z.enum(['PERSONAL', 'MERCHANT', 'STORE']));
export type CustType = z.infer<ReturnType<typeof custType>>;

/** HH:mm in 24 h. */
const clockTime = () => z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm (time as HH:mm)'));

/** A daily window in a time zone; start > end spans midnight (22:00–07:00). */
export const timeWindow = lazily(() => z.object({
  start: clockTime(),
  end: clockTime(),
  timeZone: z._default(z.string().check(z.minLength(1)), 'Asia/Shanghai'),
}));
export type TimeWindow = z.infer<ReturnType<typeof timeWindow>>;

/** Fields every stored configuration item carries; the admin API sets them, callers never do. */
export const configMeta = lazily(() => z.object({
  version: z.int().check(z.nonnegative(), z.describe('optimistic concurrency: send back what you read')),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
}));
export type ConfigMeta = z.infer<ReturnType<typeof configMeta>>;
