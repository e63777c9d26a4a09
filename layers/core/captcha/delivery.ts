import type { CaptchaRecord } from '#contracts/captcha';
import type { OutboundMessage } from '#core/providers';
import type { CaptchaStore } from './captcha-port.ts';

/** The SMS of a code. Its id is the captchaId, so a provider that deduplicates (OUTBOX) sends it once. */
export const captchaMessage = (record: CaptchaRecord, content: string): OutboundMessage => ({
  id: record.captchaId,
  createdAt: record.createdAt,
  channel: 'SMS',
  to: record.phone,
  title: `验证码 ${record.bizCode}`,
  content,
  institution: record.institution,
  bizType: record.bizCode,
  smsType: 'Transactional',
});

/**
 * A code that could not be delivered is FAILED and must not verify: the pointer is removed (only if
 * it still points at this code) and the cool-down is given back, since nothing reached the phone.
 */
export const failDelivery = async (store: CaptchaStore, record: CaptchaRecord, reason: string, at: string): Promise<boolean> => {
  const moved = await store.transition(record, ['INIT'], 'FAILED', { error: reason.slice(0, 500), dropSealedContent: true }, at);
  await store.clearPointer(record, record.captchaId);
  await store.releaseCooldown(record, record.captchaId);
  return moved;
};

export const markDelivered = (store: CaptchaStore, record: CaptchaRecord, providerMessageId: string, at: string): Promise<boolean> =>
  store.transition(record, ['INIT'], 'SUCCESS', { sentAt: at, providerMessageId, dropSealedContent: true }, at);
