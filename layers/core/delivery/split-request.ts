import type { InboxMessage, InterceptRecord, MessageRequest, RequestQueueMessage, SendRecord } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import type { Screen } from '#core/interception/screen-port';
import type { QueuePublisher } from '#core/queue-port';
import { applyScreen } from './apply-screen.ts';
import { buildSendRecords, type IndexedRecipient, type ResolvedMethod } from './build-send-records.ts';
import { messageIdOf } from './ids.ts';
import type { ChannelLanes, InboxStore, Log, RequestProcessingStore, SendRecordStore } from './ports.ts';
import { MAX_SPLIT_ATTEMPTS, STALE_MS, backoffMs, plusMs } from './timing.ts';

export interface SplitRequestDeps {
  requests: RequestProcessingStore;
  sendRecords: SendRecordStore;
  inbox: InboxStore;
  config: ConfigReader;
  screen: Screen;
  queue: QueuePublisher;
  lanes: ChannelLanes;
  now: () => Date;
  log: Log;
}

export type SplitOutcome =
  | { outcome: 'absent' | 'duplicate' }
  | { outcome: 'split'; status: 'SUCCESS' | 'INTERCEPTED'; records: number; enqueued: number };

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
  record.recipients
    .filter((r) => r.status !== 'INTERCEPTED' && r.status !== 'UNSENDABLE' && (r.userId || r.deviceNo))
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
  let sent = 0;
  for (const [url, messages] of byLane) {
    try {
      await deps.queue.sendMany(url, messages);
      sent += messages.length;
    } catch (error) {
      // The records are stored UNSENT in the pending index: the send-record rescan delivers them.
      deps.log.warn('send records stored but not enqueued; the rescan will enqueue them', { url, count: messages.length, error: (error as Error).message });
    }
  }
  return sent;
};

const split = async (deps: SplitRequestDeps, request: MessageRequest, processingAt: string): Promise<SplitOutcome> => {
  const now = deps.now();
  const at = now.toISOString();
  const methods = await resolveMethods(deps.config, request, deps.log);
  const dispatch = await deps.config.get('dispatchConfig', request.dispatchConfigId);
  if (!dispatch) throw new Error(`dispatch configuration ${request.dispatchConfigId} no longer exists`);
  const recipients: IndexedRecipient[] = (await deps.requests.recipients(request)).map((r, index) => ({ ...r, index }));

  const records: SendRecord[] = [];
  const interceptions: InterceptRecord[] = [];
  for (const method of methods) {
    for (const draft of buildSendRecords(request, recipients, method, dispatch, at)) {
      const screened = await applyScreen(deps.screen, draft, now);
      records.push(screened.record);
      interceptions.push(...screened.interceptions);
    }
  }
  await deps.sendRecords.createAll(records);
  if (interceptions.length > 0) await deps.screen.recordInterceptions(interceptions);
  const inbox = records.filter((r) => r.channel === 'PUSH').flatMap((r) => inboxOf(request, r));
  if (inbox.length > 0) await deps.inbox.putAll(inbox);

  const all = records.flatMap((r) => r.recipients);
  const intercepted = all.length > 0 && all.every((r) => r.status === 'INTERCEPTED');
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
  const status = intercepted ? 'INTERCEPTED' : 'SUCCESS';
  await deps.requests.transition(
    { ...request, status: 'PROCESSING', updatedAt: processingAt },
    { to: status, at, ...(intercepted ? { interceptReason: all[0]!.interceptReason ?? '' } : {}) },
  );
  const enqueued = await enqueue(deps, records);
  return { outcome: 'split', status, records: records.length, enqueued };
};

/**
 * The request consumer (seed flow 1 steps 4–11): claims the request (INIT|FAILED → PROCESSING),
 * splits it into send records per dispatch method and recipient chunk, stores them UNSENT, marks the
 * request SUCCESS and enqueues the records to their channel's lane. Duplicates end quietly.
 */
export const splitRequest = async (deps: SplitRequestDeps, message: RequestQueueMessage): Promise<SplitOutcome> => {
  const request = await deps.requests.find(message.institution, message.requestNo);
  if (!request || (request.status !== 'INIT' && request.status !== 'FAILED')) return { outcome: request ? 'duplicate' : 'absent' };
  const now = deps.now();
  const at = now.toISOString();
  const attempts = request.attempts + 1;
  const claimed = await deps.requests.transition(request, { to: 'PROCESSING', at, attempts, nextCheckAt: plusMs(now, STALE_MS) });
  if (!claimed) return { outcome: 'duplicate' };
  try {
    return await split(deps, { ...request, attempts }, at);
  } catch (error) {
    const failedAt = deps.now();
    await deps.requests.transition(
      { ...request, status: 'PROCESSING', updatedAt: at },
      { to: 'FAILED', at: failedAt.toISOString(), ...(attempts < MAX_SPLIT_ATTEMPTS ? { nextCheckAt: plusMs(failedAt, backoffMs(attempts)) } : {}) },
    );
    throw error;
  }
};
