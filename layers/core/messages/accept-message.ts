import type { MessageRequest, Recipient } from '#contracts/records';
import type { RecipientInput, SendMessageBody, SendMessageResult } from '#contracts/send-message';
import type { ConfigReader } from '#core/config-port';
import { DomainError, isDomainError } from '#core/errors';
import { checkAttachments, type AttachmentLookup } from '#core/files/attachments';
import type { QueuePublisher } from '#core/queue-port';
import { bodyHash } from './body-hash.ts';
import type { RequestIntakeStore, WarnLog } from './intake-port.ts';
import { chunkCountOf } from './recipient-chunks.ts';
import { decideDispatch, type Decision } from './decide-dispatch.ts';
import type { SendScheduler } from './schedule-port.ts';
import { carryScheduled, checkSendAt, scheduledFields } from './send-at.ts';

export interface AcceptMessageDeps {
  config: ConfigReader;
  store: RequestIntakeStore;
  queue: QueuePublisher;
  /** Request queue URLs: the green lane for business types configured with 绿色通道. */
  queues: { general: string; green: string };
  now: () => Date;
  log: WarnLog;
  /** One-time schedules for requests with sendAt (absent: the rescan sends them at sendAt). */
  scheduler?: SendScheduler;
  /** enclosureInfo ids: each must be an attachment of the institution that passed its checks. */
  attachments?: AttachmentLookup;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined && value !== '';

/** Only the fields that carry a value: '' and null both mean "not given" to the seed's callers. */
const compact = <T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null | ''> } =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => given(v))) as { [K in keyof T]?: Exclude<T[K], null | ''> };

const toRecipient = (input: RecipientInput): Recipient => compact(input) as Recipient;

const toRequest = (body: SendMessageBody, hash: string, decision: Decision, at: string): MessageRequest => ({
  ...compact({
    subBizType: body.subBizType,
    productCode: body.productCode,
    channelNo: body.channelNo,
    pushMsgType: body.pushMsgType,
    sendType: body.sendType,
    actionType: given(body.actionType) ? String(body.actionType) : undefined,
    actionValue: body.actionValue,
    msgTitle: body.msgTitle,
    msgContent: body.msgContent,
    custom: body.custom,
    enclosureInfo: body.enclosureInfo,
  }),
  institution: body.institution,
  requestNo: body.requestNo,
  bizType: body.bizType,
  bizId: body.bizId,
  pushType: body.pushType,
  bizContent: body.bizContent,
  useTmpl: body.useTmpl,
  requestTime: body.requestTime,
  requestIp: body.requestIp,
  bodyHash: hash,
  dispatchConfigId: decision.dispatchConfigId,
  greenLane: decision.greenLane,
  status: 'INIT',
  recipientCount: body.userIds.length,
  chunkCount: chunkCountOf(body.userIds.length),
  attempts: 0,
  createdAt: at,
  updatedAt: at,
});

/** The request rescan looks at a request whose queue message could not be sent this much later. */
export const UNQUEUED_GRACE_MS = 30_000;

/**
 * A stored request is accepted (00000) only once something will carry it on: its queue message, or,
 * when SQS failed, its entry in the pending index, which the request rescan reads. When both fail the
 * caller is told to retry, and the retry (same requestNo and body) enqueues the stored request.
 */
const enqueue = async (deps: AcceptMessageDeps, request: MessageRequest): Promise<void> => {
  const url = request.greenLane ? deps.queues.green : deps.queues.general;
  if (request.sendAt && request.scheduleName) {
    const markPending = (at: string) =>
      deps.store.markPending(request, at).catch(() => {
        throw new DomainError('THROTTLED', '系统繁忙，请稍后用同一请求号重试 (service busy, retry with the same requestNo)');
      });
    return carryScheduled({ scheduler: deps.scheduler, log: deps.log, markPending }, { ...request, sendAt: request.sendAt, scheduleName: request.scheduleName }, url);
  }
  try {
    await deps.queue.send(url, { institution: request.institution, requestNo: request.requestNo });
  } catch (error) {
    deps.log.warn('request stored but not enqueued; the rescan will enqueue it', {
      institution: request.institution,
      requestNo: request.requestNo,
      error: (error as Error).message,
    });
    try {
      await deps.store.markPending(request, new Date(deps.now().getTime() + UNQUEUED_GRACE_MS).toISOString());
    } catch {
      throw new DomainError('THROTTLED', '系统繁忙，请稍后用同一请求号重试 (service busy, retry with the same requestNo)');
    }
  }
};

const accepted = (request: MessageRequest): SendMessageResult => ({ requestNo: request.requestNo, status: 'ACCEPTED', ...(request.sendAt ? { sendAt: request.sendAt } : {}) });

/** The same requestNo and body again: answered as the first time; re-enqueued only while still INIT. */
const replay = async (deps: AcceptMessageDeps, existing: MessageRequest, hash: string): Promise<SendMessageResult> => {
  if (existing.bodyHash !== hash) {
    throw new DomainError('REQUEST_CONFLICT', `requestNo: 请求号 ${existing.requestNo} 已被另一请求使用 (requestNo already used with another body)`, 'requestNo');
  }
  // Consumers move INIT → PROCESSING conditionally, so a second message for the same request is harmless.
  if (existing.status === 'INIT') await enqueue(deps, existing);
  return accepted(existing);
};

/**
 * 通用消息 intake (seed flow 1, steps 1–3): check the request against configuration, store it with
 * its recipients (status INIT) and enqueue its id to the business type's lane.
 */
export const acceptMessage = async (deps: AcceptMessageDeps, body: SendMessageBody): Promise<SendMessageResult> => {
  const hash = bodyHash(body);
  let decision: Decision;
  try {
    if (deps.attachments) await checkAttachments(deps.attachments, body.institution, body.enclosureInfo);
    decision = await decideDispatch(deps.config, body);
  } catch (error) {
    // Configuration may have changed since the first call of a retried request: answer it as then.
    if (!isDomainError(error)) throw error;
    const existing = await deps.store.find(body.institution, body.requestNo);
    if (existing?.bodyHash === hash) return replay(deps, existing, hash);
    throw error;
  }
  const sendAt = await checkSendAt(deps.config, body.sendAt, deps.now());
  const request = { ...toRequest(body, hash, decision, deps.now().toISOString()), ...scheduledFields(body.institution, body.requestNo, sendAt) };
  const result = await deps.store.create(request, body.userIds.map(toRecipient));
  if (!result.created) return replay(deps, result.existing, hash);
  await enqueue(deps, request);
  return accepted(request);
};
