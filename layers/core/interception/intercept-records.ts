import type { InterceptRecord, InterceptedRequest } from '#contracts/records';
import { identityOf } from '#core/channels/registry';
import type { ScreenDecision, ScreenInput } from './screen-port.ts';

/**
 * The 拦截记录 for a screened send record: one per INTERCEPT decision, id `sendId#index` so a
 * redelivered split writes the same records again. HOLD is not an interception (it is sent later).
 */
export const toInterceptRecords = (input: ScreenInput, decisions: ScreenDecision[], createdAt: string): InterceptRecord[] => {
  const byIndex = new Map(input.recipients.map((r) => [r.index, r]));
  return decisions.flatMap((decision) => {
    if (decision.action !== 'INTERCEPT') return [];
    const r = byIndex.get(decision.index);
    return [
      {
        id: `${input.sendId}#${decision.index}`,
        institution: input.institution,
        requestNo: input.requestNo,
        bizType: input.bizType,
        channel: input.channel,
        sendId: input.sendId,
        ...(r?.userId ? { userId: r.userId } : {}),
        ...(r?.mobile ? { mobile: r.mobile } : identityOf(input.channel) === 'mobile' && r ? { mobile: r.to } : {}),
        ...(r?.email ? { email: r.email } : identityOf(input.channel) === 'email' && r ? { email: r.to } : {}),
        ...(r?.deviceNo ? { deviceNo: r.deviceNo } : identityOf(input.channel) === 'deviceNo' && r ? { deviceNo: r.to } : {}),
        rule: decision.rule,
        reason: decision.reason,
        createdAt,
      },
    ];
  });
};

/**
 * The 拦截请求 when no recipient of the whole request was sent or held (every decision of every send
 * record is INTERCEPT); undefined otherwise. The reason is the most common rule's first reason.
 */
export const toInterceptedRequest = (
  request: { institution: string; requestNo: string; bizType: string; recipientCount: number },
  decisions: ScreenDecision[],
  createdAt: string,
): InterceptedRequest | undefined => {
  if (decisions.length === 0 || decisions.some((d) => d.action !== 'INTERCEPT')) return undefined;
  const tally = new Map<string, { count: number; reason: string }>();
  for (const d of decisions) {
    if (d.action !== 'INTERCEPT') continue;
    const seen = tally.get(d.rule) ?? { count: 0, reason: d.reason };
    tally.set(d.rule, { ...seen, count: seen.count + 1 });
  }
  const [rule, top] = [...tally.entries()].sort((a, b) => b[1].count - a[1].count)[0]!;
  return { ...request, reason: `${rule}: ${top.reason}`, createdAt };
};
