import { RESEND_RETRIES, resendRefusal, type SendRecord } from '#contracts/records';
import type { ChannelLanes, SendRecordStore } from '#core/delivery/ports';
import { DomainError } from '#core/errors';
import type { QueuePublisher } from '#core/queue-port';
import { auditOf, type Actor, type AuditLog } from './ports.ts';

export interface SendActionDeps {
  sendRecords: Pick<SendRecordStore, 'get' | 'replace'>;
  queue: QueuePublisher;
  lanes: ChannelLanes;
  audit: AuditLog;
  now: () => Date;
  newId: () => string;
}

const load = async (deps: SendActionDeps, sendId: string): Promise<SendRecord> => {
  const record = await deps.sendRecords.get(sendId);
  if (!record) throw new DomainError('NOT_FOUND', `发送记录 ${sendId} 不存在 (send record not found)`);
  return record;
};

const moved = (sendId: string) => new DomainError('INVALID_STATE', `发送记录 ${sendId} 刚被其他处理修改，请刷新后重试 (changed meanwhile: reload and retry)`);

/**
 * 重发: a FAILED or UNSENDABLE record, or one stuck in UNSENT/SENDING past the time a healthy pipeline
 * takes, goes back to UNSENT with sendCount reset to 0 (the configured limit applies again from
 * scratch; the limit itself is configuration and is not raised here), its unfinished recipients UNSENT
 * again, due now; then it is enqueued to its lane. The replace is conditional on the status and
 * updatedAt read, so a concurrent sender or a second click loses. Being due (`nextAttemptAt`) keeps it
 * in the pending index, so if the enqueue fails the send rescan picks it up.
 */
export const resendSendRecord = async (deps: SendActionDeps, actor: Actor, sendId: string) => {
  const record = await load(deps, sendId);
  const refusal = resendRefusal(record, deps.now());
  if (refusal === 'NOTHING_TO_RETRY') {
    throw new DomainError('INVALID_STATE', `发送记录 ${sendId} 没有可重发的用户：全部被拦截或已处理，重发不会发出任何消息 (no recipient to resend: all intercepted or done)`);
  }
  if (refusal) {
    throw new DomainError(
      'INVALID_STATE',
      `发送记录 ${sendId} 状态为 ${record.status}，只有 FAILED、UNSENDABLE 或长时间停留在 UNSENT/SENDING 的记录可以重发 (only failed or stuck records can be resent)`,
    );
  }
  const at = deps.now().toISOString();
  const { lastError: _error, ...rest } = record;
  const next: SendRecord = {
    ...rest,
    status: 'UNSENT',
    nextAttemptAt: at,
    sendCount: 0,
    recipients: record.recipients.map((r) => (RESEND_RETRIES.includes(r.status) ? { ...r, status: 'UNSENT' as const } : r)),
    updatedAt: at,
  };
  if (!(await deps.sendRecords.replace(next, record))) throw moved(sendId);
  await deps.audit.record(auditOf(deps, actor, { entity: 'sendRecord', entityId: sendId, action: 'resend', before: { status: record.status, sendCount: record.sendCount }, after: { status: next.status, sendCount: 0 } }));
  const lane = deps.lanes[record.channel];
  await deps.queue.send(record.greenLane ? lane.green : lane.general, { kind: 'send', sendId });
  return { sendId, status: next.status };
};

/** 取消: an UNSENT record (not yet picked up) is CANCELLED with its waiting recipients; it leaves the pending index. */
export const cancelSendRecord = async (deps: SendActionDeps, actor: Actor, sendId: string) => {
  const record = await load(deps, sendId);
  if (record.status !== 'UNSENT') {
    throw new DomainError('INVALID_STATE', `发送记录 ${sendId} 状态为 ${record.status}，只有 UNSENT 可以取消 (only UNSENT records can be cancelled)`);
  }
  const next: SendRecord = {
    ...record,
    status: 'CANCELLED',
    recipients: record.recipients.map((r) => (['UNSENT', 'FAILED', 'HELD'].includes(r.status) ? { ...r, status: 'CANCELLED' as const } : r)),
    updatedAt: deps.now().toISOString(),
  };
  if (!(await deps.sendRecords.replace(next, record))) throw moved(sendId);
  await deps.audit.record(auditOf(deps, actor, { entity: 'sendRecord', entityId: sendId, action: 'cancel', before: { status: record.status }, after: { status: next.status } }));
  return { sendId, status: next.status };
};
