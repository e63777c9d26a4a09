import type { SendRecipient, SendRecord } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import { ProviderError, type OutboundMessage, type Providers } from '#core/providers';
import type { QueuePublisher } from '#core/queue-port';
import { isFinalOutcome, recordOutcome, reportsDelivery } from './delivery-outcome.ts';
import { messageIdOf } from './ids.ts';
import { ClaimHeldError, type ChannelLanes, type Log, type SendRecordStore } from './ports.ts';
import { HARD_SEND_CEILING, STALE_MS, backoffMs, delaySecondsUntil, inWindow, plusMs, windowOpensAt } from './timing.ts';

export interface SendRecordDeps {
  sendRecords: SendRecordStore;
  config: ConfigReader;
  providers: Providers;
  queue: QueuePublisher;
  /** This consumer's own lanes: retries go back to the lane of the record's channel. */
  lanes: Partial<ChannelLanes>;
  now: () => Date;
  log: Log;
  /** Provider calls in flight per record. */
  concurrency?: number;
  /** Rolls a finished record's outcome up into its request (only for requests of several records). */
  outcomes?: RequestOutcomeRollUp;
}

export interface RequestOutcomeRollUp {
  rollUp(record: Pick<SendRecord, 'institution' | 'requestNo' | 'sendId' | 'createdAt'>): Promise<void>;
}

/** A record that just reached a final outcome tells its request, unless it is the request's only one. */
export const rollUpIfFinished = async (outcomes: RequestOutcomeRollUp | undefined, before: SendRecord, after: SendRecord, log: Log): Promise<void> => {
  if (!outcomes || after.soleRecord || !isFinalOutcome(recordOutcome(after)) || recordOutcome(before) === recordOutcome(after)) return;
  try {
    await outcomes.rollUp(after);
  } catch (error) {
    // The request's outcome is recomputed by the next record (or report) that finishes; the record itself is right.
    log.warn('request outcome not rolled up', { sendId: after.sendId, error: (error as Error).message });
  }
};

/** Recipients the provider accepted, whatever was learnt since. */
const ACCEPTED = new Set<SendRecipient['status']>(['SUCCESS', 'SENT', 'DELIVERED', 'UNDELIVERED']);

export type SendOutcome =
  | { outcome: 'absent' | 'done' | 'busy' | 'not-due' }
  | { outcome: 'deferred'; until: string }
  | { outcome: 'sent'; status: SendRecord['status']; succeeded: number; failed: number; unsendable: number };

/** A delayed SQS message is not exact to the millisecond; this early is due. */
const DUE_TOLERANCE_MS = 2_000;
const SENDABLE = new Set<SendRecipient['status']>(['UNSENT', 'FAILED', 'HELD', 'SENDING']);

export const effectiveLimit = (record: Pick<SendRecord, 'sendLimit' | 'limitExempt'>): number =>
  record.limitExempt ? HARD_SEND_CEILING : record.sendLimit;

const requeue = async (deps: SendRecordDeps, record: SendRecord, at: string, now: Date): Promise<void> => {
  const delaySeconds = delaySecondsUntil(at, now);
  if (delaySeconds === undefined) return; // beyond SQS's delay: the rescan picks it up when due
  const lane = deps.lanes[record.channel];
  if (!lane) return;
  try {
    await deps.queue.send(record.greenLane ? lane.green : lane.general, { kind: 'send', sendId: record.sendId }, { delaySeconds });
  } catch (error) {
    deps.log.warn('retry not enqueued; the rescan will pick the record up', { sendId: record.sendId, error: (error as Error).message });
  }
};

const messageOf = (record: SendRecord, r: SendRecipient, smsType: OutboundMessage['smsType']): OutboundMessage => ({
  id: messageIdOf(record.sendId, r.index),
  createdAt: record.createdAt,
  channel: record.channel,
  to: r.to,
  title: r.title ?? record.title,
  content: r.content ?? record.content,
  institution: record.institution,
  requestNo: record.requestNo,
  sendId: record.sendId,
  sendTypeId: record.sendTypeId,
  bizType: record.bizType,
  ...(smsType ? { smsType } : {}),
  ...(record.enclosureInfo ? { attachments: record.enclosureInfo.split(',').filter(Boolean) } : {}),
  ...(record.custom ? { custom: record.custom } : {}),
  ...(record.pushMsgType ? { pushMsgType: record.pushMsgType } : {}),
  ...(record.deviceTypeCode ? { deviceTypeCode: record.deviceTypeCode } : {}),
});

const mapLimited = async <T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

/** The record's final state once it may not be tried again. */
const giveUp = (record: SendRecord, reason: string, at: string): SendRecord => ({
  ...record,
  status: 'UNSENDABLE',
  lastError: reason,
  updatedAt: at,
  recipients: record.recipients.map((r) => (SENDABLE.has(r.status) ? { ...r, status: 'UNSENDABLE' as const, error: r.error ?? reason } : r)),
});

/**
 * A SENDING record is its consumer's claim, carried by that consumer's queue message. A fresh claim
 * belongs to a duplicate running now (retry this copy later); a stale one to a consumer that died
 * mid-send (its message came back after the visibility timeout, longer than any consumer runs): the
 * attempt is counted, so a record that kills its consumer still reaches its limit, and it is due now.
 */
const takeOverStale = async (deps: SendRecordDeps, record: SendRecord, now: Date): Promise<SendRecord> => {
  if (Date.parse(record.updatedAt) > now.getTime() - STALE_MS) throw new ClaimHeldError(`send record ${record.sendId} is being sent by another consumer`);
  const at = now.toISOString();
  const failed: SendRecord = { ...record, status: 'FAILED', sendCount: record.sendCount + 1, lastError: '发送中断 (consumer stopped while sending)', updatedAt: at, nextAttemptAt: at };
  if (!(await deps.sendRecords.replace(failed, record))) throw new ClaimHeldError(`send record ${record.sendId} was taken over by another consumer`);
  deps.log.warn('stale SENDING claim taken over', { sendId: record.sendId, claimedAt: record.updatedAt });
  return failed;
};

/**
 * The send consumer (seed flow 1 steps 12–15): outside the send window it waits for the window; at
 * the send limit it becomes UNSENDABLE; otherwise UNSENT|FAILED → SENDING (conditional), one
 * provider call per recipient still to send, then SUCCESS or FAILED with a backoff retry.
 */
export const sendRecord = async (deps: SendRecordDeps, sendId: string): Promise<SendOutcome> => {
  const stored = await deps.sendRecords.get(sendId);
  if (!stored) return { outcome: 'absent' };
  const now = deps.now();
  const at = now.toISOString();
  const record = stored.status === 'SENDING' ? await takeOverStale(deps, stored, now) : stored;
  if (record.status !== 'UNSENT' && record.status !== 'FAILED') return { outcome: 'done' };
  // Early copies (a rescan and a delayed retry for the same attempt) end here; the one due sends.
  if (record.nextAttemptAt && Date.parse(record.nextAttemptAt) > now.getTime() + DUE_TOLERANCE_MS) return { outcome: 'not-due' };

  const dispatch = await deps.config.get('dispatchConfig', record.dispatchConfigId);
  if (dispatch?.sendWindow && !inWindow(dispatch.sendWindow, now)) {
    const until = windowOpensAt(dispatch.sendWindow, now).toISOString();
    if (await deps.sendRecords.replace({ ...record, nextAttemptAt: until, updatedAt: at }, record)) await requeue(deps, record, until, now);
    return { outcome: 'deferred', until };
  }
  if (record.sendCount >= effectiveLimit(record)) {
    const given = giveUp(record, `发送次数已达上限 ${record.sendCount} (send limit reached)`, at);
    if (await deps.sendRecords.replace(given, record)) await rollUpIfFinished(deps.outcomes, record, given, deps.log);
    return { outcome: 'sent', status: 'UNSENDABLE', succeeded: 0, failed: 0, unsendable: record.recipients.filter((r) => SENDABLE.has(r.status)).length };
  }
  const sending: SendRecord = { ...record, status: 'SENDING', updatedAt: at };
  if (!(await deps.sendRecords.replace(sending, record))) return { outcome: 'busy' };

  const sendType = await deps.config.get('sendType', record.sendTypeId);
  const provider = sendType ? deps.providers[sendType.provider] : undefined;
  const bizType = record.channel === 'SMS' ? await deps.config.get('bizType', record.bizType) : undefined;
  const attempt = async (r: SendRecipient): Promise<SendRecipient> => {
    if (!SENDABLE.has(r.status)) return r;
    if (!sendType || !provider) {
      return { ...r, status: 'FAILED', error: `派发方式 ${record.sendTypeId} 的服务商不可用 (provider ${sendType?.provider ?? 'unknown'} not available)` };
    }
    try {
      const { providerMessageId } = await provider.send(messageOf(record, r, bizType?.smsType), sendType.settings);
      const { error: _error, ...rest } = r;
      const sentAt = deps.now().toISOString();
      // Without status reports from this provider, its acceptance is all we will ever learn.
      return reportsDelivery(sendType.provider, record.channel)
        ? { ...rest, status: 'SENT', providerMessageId, sentAt }
        : { ...rest, status: 'DELIVERED', providerMessageId, sentAt, finalAt: sentAt };
    } catch (error) {
      const final = error instanceof ProviderError && !error.retryable;
      return { ...r, status: final ? 'UNSENDABLE' : 'FAILED', error: (error as Error).message.slice(0, 500) };
    }
  };
  const recipients = await mapLimited(record.recipients, deps.concurrency ?? 10, attempt);

  const sendCount = record.sendCount + 1;
  const failed = recipients.filter((r) => r.status === 'FAILED');
  const succeeded = recipients.filter((r) => ACCEPTED.has(r.status) && !record.recipients.some((o) => o.index === r.index && ACCEPTED.has(o.status))).length;
  const unsendable = recipients.filter((r) => r.status === 'UNSENDABLE').length;
  const doneAt = deps.now();
  let next: SendRecord = { ...sending, recipients, sendCount, updatedAt: doneAt.toISOString() };
  if (failed.length === 0) {
    const { nextAttemptAt: _n, ...rest } = next;
    const anySuccess = recipients.some((r) => ACCEPTED.has(r.status));
    next = { ...rest, status: anySuccess ? 'SUCCESS' : 'UNSENDABLE', ...(anySuccess ? {} : { lastError: recipients.find((r) => r.error)?.error ?? '' }) };
  } else if (sendCount >= effectiveLimit(record)) {
    next = giveUp(next, `发送 ${sendCount} 次仍失败: ${failed[0]!.error ?? ''}`, next.updatedAt);
  } else {
    next = { ...next, status: 'FAILED', lastError: failed[0]!.error ?? '', nextAttemptAt: plusMs(doneAt, backoffMs(sendCount)) };
  }
  if (!(await deps.sendRecords.replace(next, sending))) {
    // Only a redelivered copy (judging us stale) moves a SENDING record; it re-sends, and the ids dedupe.
    deps.log.warn('send record changed while sending', { sendId });
    return { outcome: 'busy' };
  }
  if (next.status === 'FAILED' && next.nextAttemptAt) await requeue(deps, next, next.nextAttemptAt, doneAt);
  await rollUpIfFinished(deps.outcomes, sending, next, deps.log);
  return { outcome: 'sent', status: next.status, succeeded, failed: failed.length, unsendable };
};
