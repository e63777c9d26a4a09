import type { TimeWindow } from '#contracts/config-common';
import type { SendRecipient, SendRecord } from '#contracts/records';
import { deliverySettingsOf } from '#core/channels/partner-codes';
import { channelSpec } from '#core/channels/registry';
import { readParameter } from '#core/parameters';
import type { ConfigReader } from '#core/config-port';
import { DEDUPES_BY_MESSAGE_ID, isProviderError, type OutboundMessage, type Providers } from '#core/providers';
import type { ProviderGuard } from '#core/failover/provider-guard';
import type { QueuePublisher } from '#core/queue-port';
import { isFinalOutcome, recordOutcome, reportsDelivery } from './delivery-outcome.ts';
import { foundByAddress } from './address-match.ts';
import { carriesRows } from './carried-rows.ts';
import { messageIdOf } from './ids.ts';
import { ClaimHeldError, type ChannelLanes, type Log, type SendRecordStore } from './ports.ts';
import { HARD_SEND_CEILING, STALE_MS, backoffMs, delaySecondsUntil, inWindow, plusMs, windowOpensAt } from './timing.ts';
import { mapLimited } from '#core/map-limited';

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
  /** Failover between a send type's providers and their shared rate limits; absent: the send type's one provider, unlimited. */
  guard?: ProviderGuard;
  /** Rolls a finished record's outcome up into its request (only for requests of several records). */
  outcomes?: RequestOutcomeRollUp;
}

export interface RequestOutcomeRollUp {
  rollUp(record: Pick<SendRecord, 'institution' | 'requestNo' | 'sendId' | 'createdAt'>): Promise<void>;
}

/** A record that just reached a final outcome tells its request, unless it is the request's only one. */
export const rollUpIfFinished = async (outcomes: RequestOutcomeRollUp | undefined, before: SendRecord | undefined, after: SendRecord, log: Log): Promise<void> => {
  // `before` undefined: the record is already written, its roll-up maybe not (a redelivery redoes it).
  if (!outcomes || after.soleRecord || !isFinalOutcome(recordOutcome(after)) || (before && recordOutcome(before) === recordOutcome(after))) return;
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
  | { outcome: 'throttled'; until: string; reason: string }
  | { outcome: 'sent'; status: SendRecord['status']; succeeded: number; failed: number; unsendable: number };

/** Held back by a rate limit: try again this much later (the next second's allowance). */
const THROTTLE_RETRY_MS = 1_000;
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

const messageOf = (record: SendRecord, r: SendRecipient, smsType: OutboundMessage['smsType'], partner?: OutboundMessage['partner']): OutboundMessage => ({
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
  // A device found by its user's account carries its own type: iOS and Android devices of one user each go to their platform.
  ...(r.deviceType || record.deviceTypeCode ? { deviceTypeCode: (r.deviceType || record.deviceTypeCode)! } : {}),
  ...(record.broadcast ? { broadcast: true } : {}),
  ...(record.bizId ? { bizId: record.bizId } : {}),
  ...(record.bizContent ? { bizContent: record.bizContent } : {}),
  ...(record.actionType ? { actionType: record.actionType } : {}),
  ...(record.actionValue ? { actionValue: record.actionValue } : {}),
  ...(partner ? { partner } : {}),
  ...(carriesRows(record) ? { callCarried: true } : {}),
  recipient: { userId: r.userId, custNo: r.custNo, mobile: r.mobile, email: r.email, deviceNo: r.deviceNo },
});

/** 派发方式关联's own window (seed), else its configuration's. */
const windowOf = async (config: ConfigReader, record: SendRecord): Promise<TimeWindow | undefined> => {
  const method = await config.get('dispatchMethod', record.dispatchMethodId);
  if (method?.sendWindow) return method.sendWindow;
  return (await config.get('dispatchConfig', record.dispatchConfigId))?.sendWindow;
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

/** How this copy of the send message came: `receiveCount` 1 is its first delivery (unknown: treated as a redelivery). */
export interface SendDelivery {
  receiveCount?: number | undefined;
}

/**
 * The send consumer (seed flow 1 steps 12–15): outside the send window it waits for the window; at
 * the send limit it becomes UNSENDABLE; otherwise UNSENT|FAILED → SENDING (conditional), one
 * provider call per recipient still to send, then SUCCESS or FAILED with a backoff retry.
 *
 * The SENDING claim is skipped on a first delivery through a provider that dedupes by our message
 * id (DEDUPES_BY_MESSAGE_ID): a copy sending at the same time sends the same ids, which the provider
 * delivers once, and loses the final conditional write. A redelivery (its consumer may have died
 * mid-send) claims as before, so a record that kills its consumer still reaches its send limit.
 */
export const sendRecord = async (deps: SendRecordDeps, sendId: string, copy: SendDelivery = {}): Promise<SendOutcome> => {
  const stored = await deps.sendRecords.get(sendId);
  if (!stored) return { outcome: 'absent' };
  const now = deps.now();
  const at = now.toISOString();
  const record = stored.status === 'SENDING' ? await takeOverStale(deps, stored, now) : stored;
  if (record.status !== 'UNSENT' && record.status !== 'FAILED') return { outcome: 'done' };
  // Early copies (a rescan and a delayed retry for the same attempt) end here; the one due sends.
  if (record.nextAttemptAt && Date.parse(record.nextAttemptAt) > now.getTime() + DUE_TOLERANCE_MS) return { outcome: 'not-due' };

  const sendWindow = await windowOf(deps.config, record);
  if (sendWindow && !inWindow(sendWindow, now)) {
    const until = windowOpensAt(sendWindow, now).toISOString();
    if (await deps.sendRecords.replace({ ...record, nextAttemptAt: until, updatedAt: at }, record)) await requeue(deps, record, until, now);
    return { outcome: 'deferred', until };
  }
  // Final without an attempt: nothing was sent, the reason is on the record and its recipients.
  const giveUpNow = async (reason: string): Promise<SendOutcome> => {
    const given = giveUp(record, reason, at);
    if (await deps.sendRecords.replace(given, record)) await rollUpIfFinished(deps.outcomes, record, given, deps.log);
    return { outcome: 'sent', status: 'UNSENDABLE', succeeded: 0, failed: 0, unsendable: record.recipients.filter((r) => SENDABLE.has(r.status)).length };
  };
  if (record.sendCount >= effectiveLimit(record)) return giveUpNow(`发送次数已达上限 ${record.sendCount} (send limit reached)`);
  const sendType = await deps.config.get('sendType', record.sendTypeId);
  // Which provider, and how many of its messages this second: waiting for either is no attempt.
  const route = deps.guard && sendType ? await deps.guard.route(sendType, record.recipients.filter((r) => SENDABLE.has(r.status)).length) : undefined;
  if (route?.kind === 'wait') {
    if (await deps.sendRecords.replace({ ...record, nextAttemptAt: route.until, updatedAt: at }, record)) await requeue(deps, record, route.until, now);
    return { outcome: 'throttled', until: route.until, reason: route.reason };
  }
  const providerKind = route?.choice.provider ?? sendType?.provider;
  // A partner's settings and codes apply to the provider it names; a failover provider uses the send type's own.
  const delivery = sendType && providerKind ? await deliverySettingsOf(deps.config, { ...sendType, provider: providerKind }, record) : { settings: {} };
  if (delivery.refusal) return giveUpNow(delivery.refusal);
  const { settings, partner } = delivery;
  const claims = !(copy.receiveCount === 1 && providerKind && DEDUPES_BY_MESSAGE_ID.has(providerKind));
  const sending: SendRecord = claims ? { ...record, status: 'SENDING', updatedAt: at } : record;
  if (claims && !(await deps.sendRecords.replace(sending, record))) return { outcome: 'busy' };

  const provider = providerKind ? deps.providers[providerKind] : undefined;
  const bizType = channelSpec(record.channel).smsType ? await deps.config.get('bizType', record.bizType) : undefined;
  let allowance = route?.granted ?? Number.POSITIVE_INFINITY;
  // Recipients the rate limit or the provider's own throttling held back: as they were, to go later.
  const throttled = new Set<number>();
  let providerFaults = 0;
  const attempt = async (r: SendRecipient): Promise<SendRecipient> => {
    if (!SENDABLE.has(r.status)) return r;
    if (!sendType || !provider) {
      return { ...r, status: 'FAILED', error: `派发方式 ${record.sendTypeId} 的服务商不可用 (provider ${providerKind ?? 'unknown'} not available)` };
    }
    if (allowance <= 0) {
      throttled.add(r.index);
      return r;
    }
    allowance--;
    try {
      const started = deps.now();
      const message = { ...messageOf(record, r, bizType?.smsType, partner), ...(foundByAddress(record, r, started) ? { foundByAddress: true } : {}) };
      const { providerMessageId } = await provider.send(message, settings);
      const { error: _error, ...rest } = r;
      const done = deps.now();
      const sentAt = done.toISOString();
      // The call's MSG_LOG row, carried by the write below (carried-rows.ts).
      const call = message.callCarried ? { provider: providerKind, callMs: Math.max(0, done.getTime() - started.getTime()) } : {};
      // Without status reports from this provider, its acceptance is all we will ever learn.
      return reportsDelivery(sendType.provider, record.channel)
        ? { ...rest, status: 'SENT', providerMessageId, sentAt, ...call }
        : { ...rest, status: 'DELIVERED', providerMessageId, sentAt, finalAt: sentAt, ...call };
    } catch (error) {
      if (isProviderError(error) && error.throttled) {
        throttled.add(r.index);
        return r;
      }
      const final = isProviderError(error) && !error.retryable;
      if (!final) providerFaults++;
      return { ...r, status: final ? 'UNSENDABLE' : 'FAILED', error: (error as Error).message.slice(0, 500) };
    }
  };
  const recipients = await mapLimited(record.recipients, deps.concurrency ?? 10, attempt);
  const attempted = recipients.filter((r) => SENDABLE.has(record.recipients.find((o) => o.index === r.index)!.status) && !throttled.has(r.index)).length;
  if (route?.kind === 'send' && sendType) await deps.guard!.report(sendType, route.choice, { calls: attempted, errors: providerFaults });

  // Throttling never costs an attempt: only a try that reached the provider counts.
  const sendCount = record.sendCount + (attempted > 0 ? 1 : 0);
  const failed = recipients.filter((r) => r.status === 'FAILED' && !throttled.has(r.index));
  const succeeded = recipients.filter((r) => ACCEPTED.has(r.status) && !record.recipients.some((o) => o.index === r.index && ACCEPTED.has(o.status))).length;
  const unsendable = recipients.filter((r) => r.status === 'UNSENDABLE').length;
  const doneAt = deps.now();
  let next: SendRecord = { ...sending, recipients, sendCount, updatedAt: doneAt.toISOString() };
  if (failed.length === 0 && throttled.size > 0) {
    // Only held back: as it was before this try, due when the next second's allowance is.
    const until = plusMs(doneAt, THROTTLE_RETRY_MS);
    next = { ...next, status: record.status, nextAttemptAt: until };
  } else if (failed.length === 0) {
    const { nextAttemptAt: _n, ...rest } = next;
    const anySuccess = recipients.some((r) => ACCEPTED.has(r.status));
    next = { ...rest, status: anySuccess ? 'SUCCESS' : 'UNSENDABLE', ...(anySuccess ? {} : { lastError: recipients.find((r) => r.error)?.error ?? '' }) };
  } else if (sendCount >= effectiveLimit(record)) {
    next = giveUp(next, `发送 ${sendCount} 次仍失败: ${failed[0]!.error ?? ''}`, next.updatedAt);
  } else {
    const backoff = { baseSeconds: await readParameter(deps.config, 'RETRY_BACKOFF_BASE_SECONDS'), maxSeconds: await readParameter(deps.config, 'RETRY_BACKOFF_MAX_SECONDS') };
    next = { ...next, status: 'FAILED', lastError: failed[0]!.error ?? '', nextAttemptAt: plusMs(doneAt, backoffMs(sendCount, backoff)) };
  }
  if (!(await deps.sendRecords.replace(next, sending))) {
    // Only a redelivered copy (judging us stale) moves a SENDING record; it re-sends, and the ids dedupe.
    deps.log.warn('send record changed while sending', { sendId });
    return { outcome: 'busy' };
  }
  if ((next.status === 'FAILED' || next.status === 'UNSENT') && next.nextAttemptAt) await requeue(deps, next, next.nextAttemptAt, doneAt);
  await rollUpIfFinished(deps.outcomes, sending, next, deps.log);
  return { outcome: 'sent', status: next.status, succeeded, failed: failed.length, unsendable };
};
