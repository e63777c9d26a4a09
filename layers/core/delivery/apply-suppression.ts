import type { InterceptRecord, SendRecord } from '#contracts/records';
import type { SuppressedChannel, SuppressionPort } from '#core/suppression/suppression-port';
import { messageIdOf } from './ids.ts';

/** The address a suppression is keyed by: e-mail addresses compare case-insensitively, devices exactly. */
export const suppressionAddressOf = (channel: SuppressedChannel, to: string): string => (channel === 'EMAIL' ? to.trim().toLowerCase() : to.trim());

const REASON_TEXT = {
  HARD_BOUNCE: '地址已退信 (hard bounce)',
  COMPLAINT: '收件人投诉 (complaint)',
  ENDPOINT_DISABLED: '推送设备已停用 (push endpoint disabled)',
} as const;

export interface Suppressed {
  record: SendRecord;
  /** Recorded beside 拦截记录 (rule SUPPRESSED), so an operator sees why the recipient got nothing. */
  suppressions: InterceptRecord[];
}

/**
 * SPEC §9: an e-mail address that bounced hard or complained, or a device whose push endpoint is
 * disabled, is not sent to again. Runs before the interception screen, so a suppressed recipient
 * does not count against anyone's caps. SMS and MQ records have nothing to suppress.
 */
export const applySuppression = async (port: SuppressionPort, record: SendRecord, now: Date): Promise<Suppressed> => {
  if (record.channel !== 'EMAIL' && record.channel !== 'PUSH') return { record, suppressions: [] };
  const channel: SuppressedChannel = record.channel;
  const candidates = record.recipients.filter((r) => r.status === 'UNSENT' && r.to);
  if (candidates.length === 0) return { record, suppressions: [] };
  const found = await port.suppressedAmong(channel, [...new Set(candidates.map((r) => suppressionAddressOf(channel, r.to)))]);
  if (found.size === 0) return { record, suppressions: [] };
  const suppressions: InterceptRecord[] = [];
  const recipients = record.recipients.map((r) => {
    const hit = r.status === 'UNSENT' && r.to ? found.get(suppressionAddressOf(channel, r.to)) : undefined;
    if (!hit) return r;
    const reason = `${REASON_TEXT[hit.reason]} ${hit.at}`;
    suppressions.push({
      id: messageIdOf(record.sendId, r.index),
      institution: record.institution,
      requestNo: record.requestNo,
      bizType: record.bizType,
      channel: record.channel,
      sendId: record.sendId,
      ...(r.userId ? { userId: r.userId } : {}),
      ...(r.mobile ? { mobile: r.mobile } : {}),
      ...(r.email ? { email: r.email } : {}),
      ...(r.deviceNo ? { deviceNo: r.deviceNo } : {}),
      rule: 'SUPPRESSED',
      reason,
      createdAt: now.toISOString(),
    });
    return { ...r, status: 'SUPPRESSED' as const, interceptReason: reason };
  });
  return { record: { ...record, recipients }, suppressions };
};
