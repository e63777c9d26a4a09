import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { readParameter } from '#core/parameters';
import type { MessageRequest } from '#contracts/records';
import type { WarnLog } from './intake-port.ts';
import { scheduleNameOf, type SendScheduler } from './schedule-port.ts';

/** A sendAt this close to now is sent now rather than scheduled (a schedule fires up to a minute late). */
const PAST_TOLERANCE_MS = 60_000;

/**
 * sendAt (beyond the seed): an instant in the future, no further ahead than SEND_AT_MAX_DAYS. Past or
 * too far ahead is refused (10001 naming sendAt). Returns the instant as UTC ISO, or undefined.
 */
export const checkSendAt = async (config: ConfigReader, sendAt: string | null | undefined, now: Date): Promise<string | undefined> => {
  if (!sendAt) return undefined;
  const at = Date.parse(sendAt);
  if (at < now.getTime() - PAST_TOLERANCE_MS) {
    throw new DomainError('VALIDATION', `sendAt: 定时发送时间 ${sendAt} 已过 (sendAt is in the past)`, 'sendAt');
  }
  const days = await readParameter(config, 'SEND_AT_MAX_DAYS');
  if (at > now.getTime() + days * 86_400_000) {
    throw new DomainError('VALIDATION', `sendAt: 定时发送最多提前 ${days} 天 (sendAt is more than ${days} days ahead)`, 'sendAt');
  }
  return new Date(Math.max(at, now.getTime())).toISOString();
};

/** The schedule fields of a request sent with sendAt. */
export const scheduledFields = (institution: string, requestNo: string, sendAt: string | undefined): Pick<MessageRequest, 'sendAt' | 'scheduleName'> =>
  sendAt ? { sendAt, scheduleName: scheduleNameOf(institution, requestNo) } : {};

/**
 * A scheduled request is carried by two things: its one-time schedule, which puts its message on the
 * request queue at sendAt, and its pending-index entry due at sendAt, which the request rescan reads
 * should the schedule be lost. The second is what makes it "accepted"; the first makes it on time.
 */
export const carryScheduled = async (
  deps: { scheduler?: SendScheduler | undefined; log: WarnLog; markPending: (nextCheckAt: string) => Promise<void> },
  request: MessageRequest & { sendAt: string; scheduleName: string },
  queueUrl: string,
): Promise<void> => {
  await deps.markPending(request.sendAt);
  try {
    if (!deps.scheduler) throw new Error('no scheduler bound');
    await deps.scheduler.scheduleOnce({
      name: request.scheduleName,
      at: new Date(request.sendAt),
      queueUrl,
      message: { institution: request.institution, requestNo: request.requestNo },
    });
  } catch (error) {
    deps.log.warn('schedule not created; the request rescan sends it at sendAt', { requestNo: request.requestNo, error: (error as Error).message });
  }
};
