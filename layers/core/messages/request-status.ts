import type { MessageRequest, SendRecord } from '#contracts/records';
import type { RequestStatusView } from '#contracts/request-status';
import { recordOutcome, requestOutcome } from '#core/delivery/delivery-outcome';
import { DomainError } from '#core/errors';
import { maskAddress } from '#core/privacy/mask';

/** Read side of the pipeline for one institution's request. */
export interface RequestStatusQuery {
  findRequest(institution: string, requestNo: string): Promise<MessageRequest | undefined>;
  sendRecords(request: MessageRequest): Promise<SendRecord[]>;
}

/** 133****9238: the caller knows whom it sent to; the answer need not repeat whole numbers. */
export { maskAddress };

export const getRequestStatus = async (
  query: RequestStatusQuery,
  input: { institution: string; requestNo: string },
): Promise<RequestStatusView> => {
  const request = await query.findRequest(input.institution, input.requestNo);
  if (!request) throw new DomainError('NOT_FOUND', `requestNo: 请求 ${input.requestNo} 不存在 (no such request)`, 'requestNo');
  const records = await query.sendRecords(request);
  return {
    requestNo: request.requestNo,
    institution: request.institution,
    bizType: request.bizType,
    status: request.status,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    recipientCount: request.recipientCount,
    outcome: requestOutcome(request, records.map(recordOutcome)),
    ...(request.interceptReason ? { interceptReason: request.interceptReason } : {}),
    deliveries: records
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.sendId.localeCompare(b.sendId))
      .map((record) => ({
        sendId: record.sendId,
        channel: record.channel,
        status: record.status,
        outcome: recordOutcome(record),
        sendCount: record.sendCount,
        sendLimit: record.sendLimit,
        recipients: record.recipients.map((r) => ({
          index: r.index,
          ...(r.userId ? { userId: r.userId } : {}),
          to: maskAddress(r.to),
          status: r.status,
          ...(r.error ? { error: r.error } : r.interceptReason ? { error: r.interceptReason } : {}),
          ...(r.sentAt ? { sentAt: r.sentAt } : {}),
          ...(r.finalAt ? { finalAt: r.finalAt } : {}),
        })),
      })),
  };
};
