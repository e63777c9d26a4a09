import type { InterceptRecord, SendRecord } from '#contracts/records';
import type { Screen } from '#core/interception/screen-port';
import { messageIdOf } from './ids.ts';

export interface Screened {
  record: SendRecord;
  interceptions: InterceptRecord[];
}

/**
 * 发送拦截 for one send record: intercepted recipients are never sent to (and are recorded), held
 * ones wait with the record until the hold ends, whitelisted ones are not bound by the send limit.
 */
export const applyScreen = async (screen: Screen, record: SendRecord, now: Date): Promise<Screened> => {
  const candidates = record.recipients.filter((r) => r.status === 'UNSENT');
  if (candidates.length === 0) return { record: { ...record, status: 'UNSENDABLE', lastError: '没有可发送的用户 (no sendable recipient)' }, interceptions: [] };
  const decisions = await screen.screen({
    institution: record.institution,
    requestNo: record.requestNo,
    bizType: record.bizType,
    channel: record.channel,
    sendId: record.sendId,
    title: record.title,
    content: record.content,
    recipients: candidates.map((r) => ({ index: r.index, to: r.to, userId: r.userId, mobile: r.mobile, email: r.email, deviceNo: r.deviceNo })),
    now,
  });
  const byIndex = new Map(decisions.map((d) => [d.index, d]));
  const interceptions: InterceptRecord[] = [];
  let holdUntil: Date | undefined;
  let exempt = 0;
  const recipients = record.recipients.map((r) => {
    const decision = r.status === 'UNSENT' ? byIndex.get(r.index) : undefined;
    if (!decision) return r;
    if (decision.action === 'SEND') {
      if (decision.exempt) exempt++;
      return r;
    }
    if (decision.action === 'HOLD') {
      if (!holdUntil || decision.until > holdUntil) holdUntil = decision.until;
      return { ...r, status: 'HELD' as const, interceptReason: decision.reason };
    }
    interceptions.push({
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
      rule: decision.rule,
      reason: decision.reason,
      createdAt: now.toISOString(),
    });
    return { ...r, status: 'INTERCEPTED' as const, interceptReason: decision.reason };
  });
  const sendable = recipients.filter((r) => r.status === 'UNSENT' || r.status === 'HELD').length;
  const next: SendRecord = {
    ...record,
    recipients,
    ...(holdUntil ? { nextAttemptAt: holdUntil.toISOString() } : {}),
    ...(sendable > 0 && exempt === sendable ? { limitExempt: true } : {}),
    ...(sendable === 0 ? { status: 'UNSENDABLE' as const, lastError: '全部用户被拦截或无地址 (every recipient intercepted or without address)' } : {}),
  };
  return { record: next, interceptions };
};
