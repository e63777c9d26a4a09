import type { SendLogEntry, StoredReport } from '#contracts/delivery-reports';
import type { SendRecord } from '#contracts/records';
import { normaliseMobile } from '#core/interception/normalise';
import { maskAddress } from '#core/privacy/mask';
import { messageIdOf } from './ids.ts';
import { addressHash } from './log-provider-calls.ts';

// Rows a send record carries (docs/ARCHITECTURE.md → "Rows a send record carries"). A record of one
// recipient (every single SMS) keeps its accepted provider call on the write that records the
// acceptance, and the report that made it final on the write that records the final state, instead
// of a MSG_LOG and a MSG_REPORT item each: two write units less per delivered message. The admin
// listings read such records beside the log and report items (record-queries-delivery.ts) and show
// these rows as the items they replace. Failed calls, late and unmatched reports, and the calls and
// reports of bulk records keep their own items.

/** Whether this record carries its accepted call and its final report. */
export const carriesRows = (record: Pick<SendRecord, 'recipients'>): boolean => record.recipients.length === 1;

/** The MSG_LOG row of the record's accepted call, or undefined when it carries none. */
export const carriedCall = (record: SendRecord): SendLogEntry | undefined => {
  const r = record.recipients[0];
  if (!r?.provider || !r.sentAt) return undefined;
  const latencyMs = r.callMs ?? 0;
  const createdAt = new Date(Date.parse(r.sentAt) - latencyMs).toISOString();
  const messageId = messageIdOf(record.sendId, r.index);
  return {
    id: `${messageId}#${createdAt}`,
    messageId,
    channel: record.channel,
    provider: r.provider,
    sendTypeId: record.sendTypeId,
    institution: record.institution,
    requestNo: record.requestNo,
    sendId: record.sendId,
    to: maskAddress(r.to),
    toHash: addressHash(record.channel, r.to),
    outcome: 'ACCEPTED',
    ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
    latencyMs,
    createdAt,
  };
};

/** The address a report row shows: normalised as the interception lists keep it (ingest-status-report.ts). */
export const reportedAddress = (channel: SendRecord['channel'], to: string): string => (channel === 'SMS' ? normaliseMobile(to) : to);

/** The MSG_REPORT row of the report that made the record final, or undefined when it carries none. */
export const carriedReport = (record: SendRecord): StoredReport | undefined => {
  const r = record.recipients[0];
  if (!r?.reportId || !r.reportSource || !r.reportAt || (r.status !== 'DELIVERED' && r.status !== 'UNDELIVERED')) return undefined;
  return {
    id: r.reportId,
    source: r.reportSource,
    receiveStatus: r.status,
    result: 'APPLIED',
    ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
    messageId: messageIdOf(record.sendId, r.index),
    sendId: record.sendId,
    requestNo: record.requestNo,
    institution: record.institution,
    channel: record.channel,
    mobile: reportedAddress(record.channel, r.to),
    ...(r.reportStatus ? { detail: r.reportStatus } : {}),
    eventAt: r.reportAt,
    createdAt: r.finalAt ?? r.reportAt,
  };
};
