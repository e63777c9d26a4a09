import type { ChannelKind, CustType } from '#contracts/config-common';
import { charLength, type RecipientInput } from '#contracts/send-message';
import { DomainError } from '#core/errors';

/** A dispatch method (派发方式) the request matched, reduced to what intake checks. */
export interface MatchedMethod {
  id: string;
  channel: ChannelKind;
  /** 派发客户类型: the method only sends to these; absent = everyone. */
  custTypes?: CustType[] | undefined;
}

const MOBILE = /^\+?\d[\d-]{4,19}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Which recipient field each channel sends to, and what a usable value looks like. */
export const ADDRESS: Partial<Record<ChannelKind, { field: 'mobile' | 'email' | 'deviceNo'; valid: (v: string) => boolean; what: string }>> = {
  SMS: { field: 'mobile', valid: (v) => MOBILE.test(v), what: '短信发送需要有效的手机号 (a valid mobile is required for SMS)' },
  EMAIL: { field: 'email', valid: (v) => EMAIL.test(v), what: '邮件发送需要有效的邮箱地址 (a valid e-mail address is required for EMAIL)' },
  PUSH: { field: 'deviceNo', valid: (v) => v.trim() !== '', what: 'APP 推送需要终端账户 deviceNo (deviceNo is required for app push)' },
};

/**
 * Seed: mobile is required for SMS, email for e-mail, deviceNo for app push. Only the channels the
 * matched methods use are checked, and only for the recipients a method would send to.
 */
export const checkRecipients = (recipients: RecipientInput[], methods: MatchedMethod[]): void => {
  for (const method of methods) {
    const rule = ADDRESS[method.channel];
    if (!rule) continue;
    recipients.forEach((recipient, index) => {
      if (method.custTypes?.length && !(recipient.custType && method.custTypes.includes(recipient.custType))) return;
      const value = recipient[rule.field];
      if (!value || !rule.valid(value)) {
        const field = `userIds[${index}].${rule.field}`;
        throw new DomainError('RECIPIENT_INVALID', `${field}: ${rule.what}`, field);
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
