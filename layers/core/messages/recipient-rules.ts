import type { ChannelKind, CustType } from '#contracts/config-common';
import { charLength } from '#contracts/primitives';
import type { RecipientInput } from '#contracts/send-message';
import { DomainError } from '#core/errors';

// The one recipient rule set (mobile, e-mail, device) of the platform: sendMessage's intake, captcha
// send and verify, blacklist/whitelist normalisation, the recipient index and Excel import all use these
// functions, so a number one endpoint accepts is never refused by another. Exported names are stable:
// the channel registry refers to `RECIPIENT_ADDRESS` and the `is…`/`normalise…` functions.

/** Characters callers put inside numbers: spaces, dashes, dots, brackets. */
const MOBILE_SEPARATORS = /[\s\-().]/g;
/** A mainland China mobile: 11 digits, 1 then 3–9 (the captcha's rule since the seed). */
const MAINLAND = /^1[3-9]\d{9}$/;
/** E.164: + country code and subscriber number, 8 to 15 digits in all, never a leading 0. */
const E164 = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const DEVICE_NO = /^\S+$/;

/** What a refused mobile is told, wherever it was refused. */
export const MOBILE_RULE = '手机号格式不正确，应为 11 位中国大陆手机号或带 + 的国际号码 (not a mobile: 11-digit mainland China, or E.164 with +)';

/**
 * A mobile in its canonical form, or undefined when it is none: a mainland mobile as its 11 digits
 * (written 13800138000, +86 138-0013-8000, 0086 13800138000 or 8613800138000), any other number as
 * E.164 with its `+` (+85291234567). Foreign numbers keep the `+` so that +1 310 555 1234 and the
 * mainland 131 0555 1234 (same digits) stay two numbers.
 */
export const parseMobile = (raw: string): string | undefined => {
  const compact = raw.trim().replace(MOBILE_SEPARATORS, '');
  const mainland = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (MAINLAND.test(mainland)) return mainland;
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return E164.test(international) ? international : undefined;
};

export const isMobile = (raw: string): boolean => parseMobile(raw) !== undefined;

/**
 * The form a mobile is stored and looked up under (blacklist and whitelist ids, the recipient index,
 * interception and report indexes): canonical when it is a mobile, else the value without separators,
 * so a lookup of what an operator typed still matches what was stored from the same text.
 */
export const normaliseMobile = (raw: string): string => parseMobile(raw) ?? raw.trim().replace(MOBILE_SEPARATORS, '');

/** E-mail addresses compare case-insensitively (the seed's users type them in any case). */
export const normaliseEmail = (raw: string): string => raw.trim().toLowerCase();
export const isEmail = (raw: string): boolean => EMAIL.test(raw.trim());

/** A device token (终端账户) is opaque: present, without whitespace. */
export const isDeviceNo = (raw: string): boolean => DEVICE_NO.test(raw.trim());

/** The canonical mobile, or a 400 naming `field` (captcha's phoneNm): the same rule sendMessage applies. */
export const requireMobile = (raw: string, field: string): string => {
  const mobile = parseMobile(raw);
  if (mobile) return mobile;
  throw new DomainError('VALIDATION', `${field}: ${MOBILE_RULE}`, field);
};


/** A dispatch method (派发方式) the request matched, reduced to what intake checks. */
export interface MatchedMethod {
  id: string;
  channel: ChannelKind;
  /** 派发客户类型: the method only sends to these; absent = everyone. */
  custTypes?: CustType[] | undefined;
}

export type AddressField = 'mobile' | 'email' | 'deviceNo';

/** Which recipient field each channel sends to, and what a usable value looks like (MQ has no recipient address). */
export const RECIPIENT_ADDRESS: Partial<Record<ChannelKind, { field: AddressField; valid: (v: string) => boolean; what: string }>> = {
  SMS: { field: 'mobile', valid: isMobile, what: '短信发送需要有效的手机号：11 位中国大陆手机号或带 + 的国际号码 (a valid mobile is required for SMS: 11-digit mainland China, or E.164 with +)' },
  EMAIL: { field: 'email', valid: isEmail, what: '邮件发送需要有效的邮箱地址 (a valid e-mail address is required for EMAIL)' },
  PUSH: { field: 'deviceNo', valid: isDeviceNo, what: 'APP 推送需要终端账户 deviceNo (deviceNo is required for app push)' },
};

/** What app push needs of a recipient when it is sent by account: a userId (its registered devices). */
const PUSH_BY_ACCOUNT = 'APP 推送需要终端账户 deviceNo 或已注册设备的 userId (app push needs a deviceNo, or a userId whose devices are registered)';

/**
 * Seed: mobile is required for SMS, email for e-mail, deviceNo for app push. Only the channels the
 * matched methods use are checked, and only for the recipients a method would send to. App push also
 * takes a userId alone (push by account: its registered devices), and a broadcast (pushType ALL)
 * needs no recipient address at all.
 */
export const checkRecipients = (recipients: RecipientInput[], methods: MatchedMethod[], pushType?: 'SINGLE_ACCOUNT' | 'MULTI_ACCOUNT' | 'ALL'): void => {
  for (const method of methods) {
    const rule = RECIPIENT_ADDRESS[method.channel];
    if (!rule) continue;
    if (method.channel === 'PUSH' && pushType === 'ALL') continue;
    recipients.forEach((recipient, index) => {
      if (method.custTypes?.length && !(recipient.custType && method.custTypes.includes(recipient.custType))) return;
      const value = recipient[rule.field];
      if (!value && method.channel === 'PUSH' && recipient.userId?.trim()) return;
      if (!value || !rule.valid(value)) {
        const field = `userIds[${index}].${rule.field}`;
        throw new DomainError('RECIPIENT_INVALID', `${field}: ${method.channel === 'PUSH' && !value ? PUSH_BY_ACCOUNT : rule.what}`, field);
      }
    });
  }
};

/**
 * 信鸽 (app push) limit from the seed: title + content + custom ≤ 800 ASCII characters, or ≤ 400 when
 * any character is not ASCII.
 */
export const checkPushLength = (parts: { msgTitle?: string | null | undefined; msgContent?: string | null | undefined; custom?: string | null | undefined }): void => {
  const text = `${parts.msgTitle ?? ''}${parts.msgContent ?? ''}${parts.custom ?? ''}`;
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7F]*$/.test(text);
  const limit = ascii ? 800 : 400;
  const length = charLength(text);
  if (length > limit) {
    throw new DomainError(
      'CONTENT_TOO_LONG',
      `msgTitle+msgContent+custom: APP 推送内容共 ${length} 个字符，超过 ${limit} 的上限 (app push allows ${limit}${ascii ? '' : ' non-ASCII'} characters)`,
      'msgContent',
    );
  }
};

/** The identities a recipient can be found by in the admin centre (MSG_SEND_RECORD_USER lookups). */
export const RECIPIENT_IDENTITIES = ['mobile', 'email', 'userId', 'custNo'] as const;
export type RecipientIdentity = (typeof RECIPIENT_IDENTITIES)[number];

/**
 * The form an identity is indexed and searched under: mobiles canonical, e-mail lower-case, ids as
 * given (trimmed). '' when there is none.
 */
export const identityValue = (identity: RecipientIdentity, raw: string | null | undefined): string => {
  const value = raw?.trim() ?? '';
  if (!value) return '';
  if (identity === 'mobile') return normaliseMobile(value);
  if (identity === 'email') return normaliseEmail(value);
  return value;
};
