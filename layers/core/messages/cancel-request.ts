import type { CancelRequestResult } from '#contracts/send-message';
import type { RequestProcessingStore } from '#core/delivery/ports';
import { DomainError } from '#core/errors';
import type { SendScheduler } from './schedule-port.ts';

export interface CancelRequestDeps {
  requests: Pick<RequestProcessingStore, 'find' | 'transition'>;
  scheduler: SendScheduler;
  now: () => Date;
}

/**
 * Cancels a scheduled request (sendAt) until its time: INIT → CANCELLED, conditional on the state
 * read, which also takes it out of the pending index; then its schedule is deleted. The split never
 * moves a CANCELLED request, so a schedule that fires anyway (deleted too late) sends nothing.
 * Cancelling twice answers the same.
 */
export const cancelScheduledRequest = async (deps: CancelRequestDeps, input: { institution: string; requestNo: string; by: string }): Promise<CancelRequestResult> => {
  const request = await deps.requests.find(input.institution, input.requestNo);
  if (!request) throw new DomainError('NOT_FOUND', `requestNo: 请求 ${input.requestNo} 不存在 (no such request)`, 'requestNo');
  const done: CancelRequestResult = { requestNo: request.requestNo, status: 'CANCELLED' };
  if (request.status === 'CANCELLED') return done;
  if (!request.sendAt || !request.scheduleName) {
    throw new DomainError('INVALID_STATE', `requestNo: 请求 ${input.requestNo} 不是定时发送，不能取消 (not a scheduled request)`, 'requestNo');
  }
  const now = deps.now();
  if (request.status !== 'INIT' || Date.parse(request.sendAt) <= now.getTime()) {
    throw new DomainError('INVALID_STATE', `requestNo: 请求 ${input.requestNo} 已到发送时间或已发送，不能取消 (already due or sent)`, 'requestNo');
  }
  const moved = await deps.requests.transition(request, { to: 'CANCELLED', at: now.toISOString(), cancelledBy: input.by });
  if (!moved) {
    const again = await deps.requests.find(input.institution, input.requestNo);
    if (again?.status === 'CANCELLED') return done;
    throw new DomainError('INVALID_STATE', `requestNo: 请求 ${input.requestNo} 正在发送，不能取消 (being sent)`, 'requestNo');
  }
  await deps.scheduler.cancel(request.scheduleName);
  return done;
};
