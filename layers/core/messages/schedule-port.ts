import { createHash } from 'node:crypto';
import type { RequestQueueMessage } from '#contracts/records';

/** One-time schedules (EventBridge Scheduler in AWS; the local runner's stand-in locally). */
export interface SendScheduler {
  /** Puts `message` on `queueUrl` at `at`, once; creating the same name again is not an error. */
  scheduleOnce(input: { name: string; at: Date; queueUrl: string; message: RequestQueueMessage }): Promise<void>;
  /** Deletes the schedule; false when it is gone already (fired, or deleted before). */
  cancel(name: string): Promise<boolean>;
}

/** Schedule names are ≤ 64 of [0-9A-Za-z_.-]: derived from the request, so a retried intake names the same one. */
export const scheduleNameOf = (institution: string, requestNo: string): string =>
  `req-${createHash('sha256').update(`${institution}#${requestNo}`).digest('hex').slice(0, 40)}`;
