import * as z from 'zod/mini';
import { code } from './config-common.ts';
import { described, idText, lazily, ordinal, safeId } from './primitives.ts';

// POST /api/hcmsg/captcha/send and /verify (seed 验证码发送流程, 验证码验证流程), and what the captcha
// table stores. Key layouts are in docs/ARCHITECTURE.md ("captcha table"). The schemas are built the
// first time they are asked for: the SMS senders read captcha records only for a captcha message.

/**
 * 手机号码: checked and normalised by the captcha use cases with the platform's one recipient rule set
 * (layers/core/messages/recipient-rules.ts), the rule sendMessage applies too.
 */
const phone = idText(32).check(z.meta({ description: '手机号码: 11-digit mainland China (+86, 0086, spaces and dashes accepted) or E.164 with +', example: '13361249238' }));

/** Optional identifiers of the caller's (custNo, channelNo…): '' or null when not given. */
const optionalText = (max: number) => z.nullish(safeId(z.string().check(z.maxLength(max))));

export const captchaFormat = z.enum(['DIGITS', 'LETTERS', 'MIXED']);
export type CaptchaFormat = z.infer<typeof captchaFormat>;

export const captchaSendBody = lazily(() =>
  z
    .object({
      reqId: idText(32).check(z.regex(/^[^\s/?#%\\]+$/, '不能包含空白或 / ? # % \\ (no whitespace or URL delimiters)'), z.meta({ description: '请求ID: unique per institution; the same reqId with the same body is answered as the first time', example: 'REQ20240101000001' })),
      phoneNm: phone,
      custNo: described(optionalText(64), { description: '客户编号' }),
      bizCode: described(code(), { description: '业务场景编号 (a configured, enabled captcha scene)', example: 'LOGIN' }),
      captchaType: z.nullish(z
        .union([captchaFormat, z.literal('')])).check(z.meta({
          description:
            '验证码格式 DIGITS < LETTERS < MIXED: a format stronger than the scene\'s is used; a weaker one (or none) gets the scene\'s format',
        })),
      channelNo: described(optionalText(32), { description: '进件渠道' }),
      productId: described(optionalText(32), { description: '贷款品种编码' }),
      userFlag: described(optionalText(32), { description: '客户标签' }),
    }).check(z.meta({ description: '验证码发送请求 (seed 验证码发送流程)' })),
);
export type CaptchaSendBody = z.infer<ReturnType<typeof captchaSendBody>>;

export const captchaSendResult = lazily(() =>
  z.object({
    caseSensitive: described(z.enum(['Y', 'N']), { description: '是否区分大小写' }),
    availTime: described(z.string(), { description: '有效时长, seconds' }),
    captchaId: described(z.string(), { description: '该条验证码对应的唯一id: send it back to verify' }),
    checkCode: described(z.string(), { description: "the code itself only for scenes configured with returnCode (test scenes); '' otherwise" }),
    seqNo: described(z.int(), { description: '验证码序号: per institution, phone, scene and day (Asia/Shanghai), from 1' }),
  }),
);
export type CaptchaSendResult = z.infer<ReturnType<typeof captchaSendResult>>;

export const captchaVerifyBody = lazily(() =>
  z
    .object({
      captchaId: described(idText(64), { description: 'the captchaId the send answered' }),
      captcha: described(idText(32), { description: '验证码, as the user typed it' }),
      seqNo: z.pipe(z
        .union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(/^\d{1,9}$/, '应为正整数 (a positive integer)')), z.transform(Number))], {
          error: '应为正整数 (a positive integer)',
        }), ordinal()).check(z.meta({ description: '发送序号 (number or numeric string), from 1' })),
      phoneNm: phone,
      bizCode: described(code(), { description: '业务场景编号' }),
    }).check(z.meta({ description: '验证码验证请求 (seed 验证码验证流程)' })),
);
export type CaptchaVerifyBody = z.infer<ReturnType<typeof captchaVerifyBody>>;

/**
 * Verification outcomes are business data (envelope 00000, body.status); each UNPASS has its own
 * errorCode. An unknown phone, an unknown captchaId and a superseded code all answer CAPTCHA_INVALID
 * so a caller cannot tell which phones have codes.
 */
export const verifyOutcomes = {
  PASS: { errorCode: '00000', errorMsg: '验证通过' },
  SEQ_MISMATCH: { errorCode: '40011', errorMsg: '验证码序号不匹配，请输入正确序号的验证码' },
  WRONG_CODE: { errorCode: '40012', errorMsg: '验证码错误，请重新输入' },
  EXPIRED: { errorCode: '40013', errorMsg: '验证码已失效，请重新发送验证码' },
  ALREADY_USED: { errorCode: '40014', errorMsg: '验证码已使用，请重新发送验证码' },
  TOO_MANY_ATTEMPTS: { errorCode: '40015', errorMsg: '验证码错误次数过多，请重新发送验证码' },
  INVALID: { errorCode: '40016', errorMsg: '验证码不存在或已失效，请重新发送验证码' },
} as const;
export type VerifyOutcome = keyof typeof verifyOutcomes;

export const captchaVerifyResult = lazily(() =>
  z.object({
    status: z.enum(['PASS', 'UNPASS']),
    captchaId: z.string(),
    errorCode: described(z.string(), { description: '00000 on PASS; 40011–40016 say why not' }),
    errorMsg: z.string(),
  }),
);
export type CaptchaVerifyResult = z.infer<ReturnType<typeof captchaVerifyResult>>;

// Stored items (parsed on read).

export const captchaStatus = z.enum(['INIT', 'SUCCESS', 'FAILED', 'VERIFIED', 'EXPIRED', 'LOCKED']);
export type CaptchaStatus = z.infer<typeof captchaStatus>;

/** CAPTCHA_APPLY_REQUEST: one send call, kept so a repeated reqId gets the first answer. */
export const captchaApply = lazily(() =>
  z.object({
    reqId: z.string(),
    institution: z.string(),
    phone: z.string(),
    bizCode: z.string(),
    custNo: z.optional(z.string()),
    channelNo: z.optional(z.string()),
    productId: z.optional(z.string()),
    userFlag: z.optional(z.string()),
    captchaType: z.optional(z.string()),
    bodyHash: z.string(),
    captchaId: z.optional(z.string()),
    /** The first answer: a result (checkCode sealed, never plain) or a refusal. */
    outcome: z.optional(z
      .discriminatedUnion('kind', [
        z.object({
          kind: z.literal('result'),
          result: z.omit(captchaSendResult(), { checkCode: true }),
          sealedCheckCode: z.optional(z.string()),
        }),
        z.object({ kind: z.literal('refused'), code: z.string(), message: z.string() }),
      ])),
    createdAt: z.string(),
  }),
);
export type CaptchaApply = z.infer<ReturnType<typeof captchaApply>>;

/** CAPTCHA_RECORD: one code. The code is stored only as an HMAC; the SMS text only sealed, until sent. */
export const captchaRecord = lazily(() =>
  z.object({
    captchaId: z.string(),
    reqId: z.string(),
    institution: z.string(),
    phone: z.string(),
    bizCode: z.string(),
    seqNo: z.int(),
    day: described(z.string(), { description: 'yyyy-mm-dd in Asia/Shanghai' }),
    codeHash: described(z.string(), { description: 'hex HMAC-SHA256(key, normalised code # captchaId)' }),
    caseSensitive: z.boolean(),
    format: captchaFormat,
    delivery: z.enum(['DIRECT', 'QUEUE']),
    sendTypeId: z.string(),
    /** AES-GCM sealed SMS text for queue delivery; removed once delivered or failed. */
    sealedContent: z.optional(z.string()),
    status: captchaStatus,
    attempts: z.int(),
    expiresAtIso: described(z.string(), { description: 'the code expires then: checked in code, never left to TTL' }),
    providerMessageId: z.optional(z.string()),
    error: z.optional(z.string()),
    sentAt: z.optional(z.string()),
    verifiedAt: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type CaptchaRecord = z.infer<ReturnType<typeof captchaRecord>>;

/** The newest code of a phone and scene for one institution (the seed's HCM:CAPTCHA:{PHONENM}:{BizCode}). */
export const captchaPointer = lazily(() =>
  z.object({
    institution: z.string(),
    phone: z.string(),
    bizCode: z.string(),
    captchaId: z.string(),
    seqNo: z.int(),
    day: z.string(),
    expiresAtIso: z.string(),
  }),
);
export type CaptchaPointer = z.infer<ReturnType<typeof captchaPointer>>;
