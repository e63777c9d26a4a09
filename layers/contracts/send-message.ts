import * as z from 'zod/mini';
import { charLength, described, isDateTime, isSafeId, isWellFormed, lazily, MALFORMED_TEXT_MESSAGE, UNSAFE_ID_MESSAGE } from './primitives.ts';

// POST /api/hcmsg/sendMessage (seed 系统主要流程 1). Field rules follow the seed's table; lengths are
// counted in characters (a Chinese character is one), never in bytes or UTF-16 units.

// One check object per rule, shared by every field it applies to, and each field's checks attached
// in one step: chained .check() calls clone the schema each time, and this schema is built at every
// cold start of sendMessage (docs/ARCHITECTURE.md → Cold starts). Checks run in the order listed.
const WELL_FORMED = z.refine<string>(isWellFormed, { message: MALFORMED_TEXT_MESSAGE });
const NOT_BLANK = z.refine<string>((s) => s.trim() !== '', { message: '不能为空 (required)' });
const SAFE_ID = z.refine<string>(isSafeId, { message: UNSAFE_ID_MESSAGE });
const atMostOf = new Map<number, z.core.$ZodCheck<string>>();
const atMost = (max: number) => {
  let check = atMostOf.get(max);
  if (!check) atMostOf.set(max, (check = z.refine<string>((s) => charLength(s) <= max, { message: `最多 ${max} 个字符 (at most ${max} characters)` })));
  return check;
};

/** Free text: any character but half of one (a lone surrogate), at most `max` of them; then `more` checks. */
const chars = (max: number, ...more: z.core.$ZodCheck<string>[]) => described(z.string().check(WELL_FORMED, atMost(max), ...more), { maxLength: max });

/** Optional fields: callers send '' or null for "not given" (the seed sends custType null). */
const optional = (max: number) => z.nullish(chars(max));

/** Identifiers (numbers, codes, addresses): no control, zero-width or bidi characters. */
const requiredId = (max: number) => chars(max, NOT_BLANK, SAFE_ID);
const optionalId = (max: number) => z.nullish(chars(max, SAFE_ID));

/** `yyyy-MM-dd HH:mm:ss` that names a real instant (no 2024-02-30, no 24:00:00). */
export const isRequestTime = isDateTime;

const isJsonObject = (text: string): boolean => {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

/** An instant with its offset: 2026-12-02T09:00:00+08:00, …Z, optional fractions. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const custTypeInput = z.enum(['PERSONAL', 'MERCHANT', 'STORE']);

/** One entry of userIds[]. Which address is required depends on the matched dispatch methods. */
export const recipientInput = lazily(() =>
  z.object({
    userId: described(optionalId(64), { description: '接收用户ID (CRM user id)' }),
    mobile: described(optionalId(32), { description: '手机号码: required when an SMS method matches', example: '13361249238' }),
    email: described(optionalId(254), { description: '收件箱地址: required when an EMAIL method matches' }),
    custNo: described(optionalId(64), { description: '接收者 crmNo' }),
    custType: described(z.nullish(custTypeInput), { description: '账户类型 PERSONAL(个人) MERCHANT(商户) STORE(门店)' }),
    custName: described(optional(100), { description: '接收者姓名' }),
    certNo: described(optionalId(64), { description: '证件号码' }),
    deviceNo: described(optionalId(256), { description: '终端账户: required when an app PUSH method matches' }),
    custTag: described(optional(100), { description: '用户标签' }),
  }),
);
export type RecipientInput = z.infer<ReturnType<typeof recipientInput>>;

export const MAX_RECIPIENTS = 10_000;

export const sendMessageBody = lazily(() =>
  z
    .object({
      requestNo: described(requiredId(32).check(z.refine<string>((s) => /^[^\s/?#%\\]+$/.test(s), { message: '不能包含空白或 / ? # % \\ (no whitespace or URL delimiters)' })), { description: '请求号: unique per institution; resending it with the same body is answered as the first time', example: '20180309011111' }),
      institution: described(requiredId(32), { description: '系统标识: must be the API key\'s institution', example: 'OUTPLATFORM' }),
      bizType: described(requiredId(32), { description: '业务类型 (configured business type)', example: 'MARKET_ACTIVITY' }),
      subBizType: described(optionalId(32), { description: '细分业务类型' }),
      bizId: described(requiredId(32), { description: '业务ID (business serial number)', example: 'BizId0001' }),
      productCode: described(optionalId(32), { description: '产品编号' }),
      channelNo: described(optionalId(32), { description: '渠道号: when given it must be a configured, enabled channel' }),
      pushType: described(z.enum(['SINGLE_ACCOUNT', 'MULTI_ACCOUNT', 'ALL']), { description: '推送方式' }),
      pushMsgType: described(z.nullish(z.enum(['', '0', '1', '2'])), { description: '推送消息类型 (app push): 1 通知, 2 透传, 0 iOS' }),
      sendType: described(z.nullish(z.enum(['', 'EMAIL'])), { description: '消息发送方式: EMAIL, or empty for the configured default' }),
      actionType: z.nullish(z
        .union([z.int(), z.string().check(z.regex(/^-?\d*$/))], { error: '应为整数或空字符串 (an integer or empty)' })).check(z.meta({ description: '动作类型 (int)' })),
      actionValue: described(optional(300), { description: '动作代码' }),
      bizContent: described(chars(500).check(z.refine(isJsonObject, { message: '应为 JSON 对象字符串，不使用时传 {} (a JSON object as a string; {} if unused)' })), { description: '业务数据体: a JSON object as a string; template variables come from it', example: '{"A":"测试业务数据体"}' }),
      useTmpl: described(z.enum(['Y', 'N']), { description: '是否使用模板' }),
      msgTitle: described(optional(255), { description: '消息标题: required when useTmpl=N', example: 'hello' }),
      msgContent: described(optional(900), { description: '消息内容: required when useTmpl=N', example: '问候20180307000000012' }),
      custom: described(optional(500), { description: '自定义字段 (app push)' }),
      enclosureInfo: described(optional(500).check(z.refine((s) => !s || /^[^\s,]+(,[^\s,]+)*$/.test(s), { message: '附件 id 以英文逗号分隔，不得有空格 (comma-separated ids, no spaces)' })), { description: '附件信息: attachment ids, comma-separated, no spaces', example: '200198267' }),
      requestTime: z
        .string().check(z.refine(isRequestTime, { message: '格式应为 yyyy-MM-dd HH:mm:ss 且为有效时间 (yyyy-MM-dd HH:mm:ss)' }), z.meta({ description: '请求时间 yyyy-MM-dd HH:mm:ss', example: '2018-02-07 12:00:00' })),
      requestIp: described(requiredId(64), { description: '请求IP', example: '123.0.0.1' }),
      sendAt: z.nullish(z
        .string().check(z.refine((s) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)), { message: '应为带时区的 ISO 8601 时间，如 2026-12-02T09:00:00+08:00 (an ISO 8601 instant with its offset)' }))).check(z.meta({ description: '定时发送: send at this instant (ISO 8601 with offset); cancellable until then. Beyond the seed.', example: '2026-12-02T09:00:00+08:00' })),
      userIds: z
        .array(recipientInput()).check(z.minLength(1, { message: '至少需要 1 个接收用户 (at least one recipient)' }), z.maxLength(MAX_RECIPIENTS, { message: `最多 ${MAX_RECIPIENTS} 个接收用户 (at most ${MAX_RECIPIENTS} recipients)` }), z.meta({ description: '发送用户列表: 1 to 10,000 recipients' })),
    }).check(z.superRefine((body, ctx) => {
      if (body.useTmpl !== 'N') return;
      for (const field of ['msgTitle', 'msgContent'] as const) {
        if (!body[field]?.trim()) {
          ctx.addIssue({ code: 'custom', path: [field], message: '不使用模板 (useTmpl=N) 时必填 (required when useTmpl=N)' });
        }
      }
    }), z.meta({ description: '通用消息发送请求 (seed 系统主要流程 1)' })),
);
export type SendMessageBody = z.infer<ReturnType<typeof sendMessageBody>>;

export const sendMessageResult = z.object({
  requestNo: z.string(),
  status: z.literal('ACCEPTED').check(z.describe('stored and queued for delivery; query /api/hcmsg/requests/{requestNo} for progress')),
  sendAt: z.optional(z.string()).check(z.describe('scheduled: sent at this instant (UTC) unless cancelled')),
});
export type SendMessageResult = z.infer<typeof sendMessageResult>;

export { cancelRequestResult, type CancelRequestResult } from './cancel-request.ts';

/** A request body of up to 10,000 recipients is ≈ 5 MB of JSON; Lambda's synchronous limit is 6 MB. */
export const SEND_MESSAGE_MAX_BODY_BYTES = 5_900_000;
