import type { InboxMessage, InterceptRecord, MessageRequest, RequestQueueMessage, SendRecord } from '#contracts/records';
import { channelSpec } from '#core/channels/registry';
import type { ConfigReader } from '#core/config-port';
import type { DeviceDirectory } from '#core/devices/device-port';
import { broadcastTargets, expandAccounts } from '#core/devices/push-recipients';
import type { Screen } from '#core/interception/screen-port';
import type { QueuePublisher } from '#core/queue-port';
import type { SuppressionPort } from '#core/suppression/suppression-port';
import { applyScreen } from './apply-screen.ts';
import { applySuppression } from './apply-suppression.ts';
import { buildSendRecords, type IndexedRecipient, type ResolvedMethod } from './build-send-records.ts';
import { combineOutcomes, recordOutcome } from './delivery-outcome.ts';
import { messageIdOf } from './ids.ts';
import type { ChannelLanes, InboxStore, Log, RecipientIndexStore, RequestProcessingStore, SendRecordStore } from './ports.ts';
import { recipientIndexEntries } from './recipient-index.ts';
import { MAX_SPLIT_ATTEMPTS, STALE_MS, backoffMs, plusMs } from './timing.ts';

export interface SplitRequestDeps {
  requests: RequestProcessingStore;
  sendRecords: SendRecordStore;
  inbox: InboxStore;
  /** Find by recipient: one entry per identity and request (docs/ARCHITECTURE.md → recipient index). */
  recipientIndex: RecipientIndexStore;
  config: ConfigReader;
  /** Push by account: the devices registered for a userId (core/devices/push-recipients.ts). */
  devices: DeviceDirectory;
  screen: Screen;
  /** Addresses providers reported as dead (bounce, complaint, disabled endpoint): skipped, recorded as SUPPRESSED. */
  suppressions: SuppressionPort;
  queue: QueuePublisher;
  lanes: ChannelLanes;
  now: () => Date;
  log: Log;
}

/** EventBridge Scheduler fires within a minute of the time; the local runner on time. This early is due. */
const SCHEDULE_TOLERANCE_MS = 2_000;

export type SplitOutcome =
  | { outcome: 'absent' | 'duplicate' | 'not-due' }
  | { outcome: 'split'; status: 'SUCCESS' | 'INTERCEPTED'; records: number; enqueued: number; firstSendId?: string | undefined };

const resolveMethods = async (config: ConfigReader, request: MessageRequest, log: Log): Promise<ResolvedMethod[]> => {
  const methods = (await config.list('dispatchMethod'))
    .filter((m) => m.dispatchConfigId === request.dispatchConfigId && m.enabled)
    .sort((a, b) => a.id.localeCompare(b.id));
  const resolved: ResolvedMethod[] = [];
  for (const method of methods) {
    const sendType = await config.get('sendType', method.sendTypeId);
    if (!sendType?.enabled) {
      log.warn('dispatch method skipped: its send type is missing or disabled', { methodId: method.id, sendTypeId: method.sendTypeId });
      continue;
    }
    const template = method.templateId ? await config.get('template', method.templateId) : undefined;
    // A template request without its template cannot be rendered: fail so it is retried once configuration is fixed.
    if (request.useTmpl === 'Y' && !template) throw new Error(`dispatch method ${method.id} has no template ${method.templateId ?? ''}`);
    resolved.push({ method, sendType, template });
  }
  return resolved;
};

const inboxOf = (request: MessageRequest, record: SendRecord): InboxMessage[] =>
  record.broadcast
    ? []
    : record.recipients
    .filter((r) => r.status !== 'INTERCEPTED' && r.status !== 'SUPPRESSED' && r.status !== 'UNSENDABLE' && (r.userId || r.deviceNo))
    .map((r) => ({
      userKey: (r.userId || r.deviceNo)!,
      messageId: messageIdOf(record.sendId, r.index),
      sendId: record.sendId,
      institution: record.institution,
      requestNo: record.requestNo,
      bizType: record.bizType,
      title: r.title ?? record.title,
      content: r.content ?? record.content,
      ...(record.custom ? { custom: record.custom } : {}),
      read: false,
      // The request's time, not now: a redelivered split must produce the same inbox keys.
      createdAt: request.createdAt,
    }));

const enqueue = async (deps: SplitRequestDeps, records: SendRecord[]): Promise<number> => {
  const byLane = new Map<string, { kind: 'send'; sendId: string }[]>();
  for (const record of records.filter((r) => r.status === 'UNSENT')) {
    const lane = deps.lanes[record.channel];
    const url = record.greenLane ? lane.green : lane.general;
    byLane.set(url, [...(byLane.get(url) ?? []), { kind: 'send', sendId: record.sendId }]);
  }
  // A failure throws: the request is not marked done, so its message (or the rescan) splits it again,
  // finds the records already stored and enqueues them then.
  let sent = 0;
  for (const [url, messages] of byLane) {
    await deps.queue.sendMany(url, messages);
    sent += messages.length;
  }
  return sent;
};

/** `held` is the request as the final transition expects it (INIT/FAILED, or PROCESSING once claimed). */
const split = async (deps: SplitRequestDeps, request: MessageRequest, held: Pick<MessageRequest, 'institution' | 'requestNo' | 'status' | 'updatedAt'>): Promise<SplitOutcome> => {
  const now = deps.now();
  const at = now.toISOString();
  const methods = await resolveMethods(deps.config, request, deps.log);
  const dispatch = await deps.config.get('dispatchConfig', request.dispatchConfigId);
  if (!dispatch) throw new Error(`dispatch configuration ${request.dispatchConfigId} no longer exists`);
  const recipients: IndexedRecipient[] = (await deps.requests.recipients(request)).map((r, index) => ({ ...r, index }));

  const records: SendRecord[] = [];
  const interceptions: InterceptRecord[] = [];
  let accounts: IndexedRecipient[] | undefined;
  for (const method of methods) {
    const push = method.sendType.channel === 'PUSH';
    const broadcast = push && request.pushType === 'ALL';
    const own = broadcast
      ? await broadcastTargets(deps.config, method.method.deviceTypeCode)
      : push
        ? (accounts ??= await expandAccounts(deps.devices, request, recipients))
        : recipients;
    for (const draft of buildSendRecords(request, own, method, dispatch, at, broadcast)) {
      const suppressed = await applySuppression(deps.suppressions, draft, now);
      const screened = await applyScreen(deps.screen, suppressed.record, now);
      records.push(screened.record);
      interceptions.push(...suppressed.suppressions, ...screened.interceptions);
    }
  }
  // One record: its outcome is the request's, read from it (no request write per delivery).
  if (records.length === 1) records[0] = { ...records[0]!, soleRecord: true };
  await deps.sendRecords.createAll(records);
  // Before the request is marked done: a request that reads as split can be found by its recipients.
  await deps.recipientIndex.putAll(recipientIndexEntries(request, records));
  if (interceptions.length > 0) await deps.screen.recordInterceptions(interceptions);
  // A user's devices each get the push; the user's inbox gets the message once.
  const seen = new Set<string>();
  const inbox = records
    .filter((r) => channelSpec(r.channel).inbox)
    .flatMap((r) => inboxOf(request, r).filter((m) => !seen.has(`${r.dispatchMethodId}|${m.userKey}`) && !!seen.add(`${r.dispatchMethodId}|${m.userKey}`)));
  if (inbox.length > 0) await deps.inbox.putAll(inbox);

  const all = records.flatMap((r) => r.recipients);
  const intercepted = all.length > 0 && all.every((r) => r.status === 'INTERCEPTED' || r.status === 'SUPPRESSED');
  if (intercepted) {
    const reason = all[0]!.interceptReason ?? '全部用户被拦截';
    await deps.screen.recordInterceptedRequest({
      institution: request.institution,
      requestNo: request.requestNo,
      bizType: request.bizType,
      reason,
      recipientCount: request.recipientCount,
      createdAt: at,
    });
  }
  const enqueued = await enqueue(deps, records);
  const status = intercepted ? 'INTERCEPTED' : 'SUCCESS';
  const moved = await deps.requests.transition(held, {
    to: status,
    at: deps.now().toISOString(),
    attempts: request.attempts,
    ...(intercepted ? { interceptReason: all[0]!.interceptReason ?? '' } : {}),
    ...(records.length === 1 ? { outcomeSendId: records[0]!.sendId } : { outcome: intercepted ? 'INTERCEPTED' : combineOutcomes(records.map(recordOutcome)) }),
  });
  // A duplicate delivery did the same work at the same time and marked it first: same records, same ids.
  if (!moved) return { outcome: 'duplicate' };
  return { outcome: 'split', status, records: records.length, enqueued, firstSendId: records[0]?.sendId };
};

/**
 * The request consumer (seed flow 1 steps 4–11): splits an INIT or FAILED request into send records
 * per dispatch method and recipient chunk, stores them UNSENT, enqueues them to their channel's lane
 * and marks the request SUCCESS, conditionally on the state it read. Every step is idempotent (the
 * record ids are derived, the writes conditional), so a duplicate delivery finds the work done or
 * redoes it identically. A bulk request (recipients in chunks) is claimed first (→ PROCESSING, in the
 * pending index) because its split takes a while; a request with inline recipients is split in one
 * go and moved INIT → SUCCESS directly, which saves a write on the hot path.
 */
export const splitRequest = async (deps: SplitRequestDeps, message: RequestQueueMessage): Promise<SplitOutcome> => {
  const request = await deps.requests.find(message.institution, message.requestNo);
  if (!request || (request.status !== 'INIT' && request.status !== 'FAILED')) return { outcome: request ? 'duplicate' : 'absent' };
  const now = deps.now();
  // A scheduled request is split at its time: an early copy (the in-flight sweep's) ends here; its pending entry is due at sendAt.
  if (request.sendAt && Date.parse(request.sendAt) > now.getTime() + SCHEDULE_TOLERANCE_MS) return { outcome: 'not-due' };
  const at = now.toISOString();
  const attempts = request.attempts + 1;
  let held: Pick<MessageRequest, 'institution' | 'requestNo' | 'status' | 'updatedAt'> = request;
  if (request.chunkCount > 0) {
    const claimed = await deps.requests.transition(request, { to: 'PROCESSING', at, attempts, nextCheckAt: plusMs(now, STALE_MS) });
    if (!claimed) return { outcome: 'duplicate' };
    held = { ...request, status: 'PROCESSING', updatedAt: at };
  }
  try {
    return await split(deps, { ...request, attempts }, held);
  } catch (error) {
    const failedAt = deps.now();
    await deps.requests.transition(held, {
      to: 'FAILED',
      at: failedAt.toISOString(),
      attempts,
      ...(attempts < MAX_SPLIT_ATTEMPTS ? { nextCheckAt: plusMs(failedAt, backoffMs(attempts)) } : {}),
    });
    throw error;
  }
};
