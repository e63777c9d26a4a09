import { createHash } from 'node:crypto';
import type { StatusReport, StoredReport } from '#contracts/delivery-reports';
import type { SendRecipient, SendRecord } from '#contracts/records';
import { isFinalOutcome, recordOutcome } from '#core/delivery/delivery-outcome';
import { rollUpIfFinished, type RequestOutcomeRollUp } from '#core/delivery/send-record';
import type { Log, SendRecordStore } from '#core/delivery/ports';
import { carriesRows, reportedAddress } from '#core/delivery/carried-rows';
import { ADDRESS_MATCH_LOOKBACK_MS } from '#core/delivery/address-match';
import { messageIdOf } from '#core/delivery/ids';
import { normaliseEmail, normaliseMobile } from '#core/interception/normalise';
import type { SuppressionPort } from '#core/suppression/suppression-port';

// MSG_REPORT (SPEC §9): a status report is matched to its send record and recipient by message id,
// applied to the recipient once (SENT → DELIVERED / UNDELIVERED, conditional), kept whatever
// happens (unmatched and late ones too), and may suppress the address.

export interface ReportStore {
  /** Stores the report under its deterministic id; a second put of the same report changes nothing. */
  put(report: StoredReport): Promise<void>;
}

export interface MessageLookup {
  /** Our message id (<sendId>#<index>) for a provider's, from the send log; undefined when unknown. */
  messageIdOf(source: StatusReport['source'], providerMessageId: string): Promise<string | undefined>;
  /** The send records of the requests made for this mobile between `from` and `to` (ISO), newest first (the recipient index), read as they are asked for. */
  sendIdsToMobile(mobile: string, from: string, to: string): AsyncIterable<string>;
}

export interface IngestReportDeps {
  reports: ReportStore;
  lookup: MessageLookup;
  sendRecords: SendRecordStore;
  suppression: SuppressionPort;
  outcomes?: RequestOutcomeRollUp;
  /** After a report changed a recipient: the request may now be final (caller callbacks, core/callbacks). */
  onRecordChanged?: (sendId: string) => Promise<unknown>;
  now: () => Date;
  log: Log;
}

/** The report reached us before the send consumer recorded the acceptance: try again shortly (thrown, so SQS redelivers). */
export class ReportTooEarlyError extends Error {
  override readonly name = 'ReportTooEarlyError';
}

/** How often a too-early report is queued again before it fails like any message (SQS's receives, then the DLQ). */
export const EARLY_RETRY_LIMIT = 30;

/**
 * A too-early report goes back on its queue as a delayed copy counting its tries, not as a failure:
 * SQS's receives stay for real failures, and the copy is due in seconds rather than after a
 * visibility timeout. 2 s for the first five tries (a record being sent is caught up with at once),
 * then doubling to a minute: about 22 minutes in all for a slow one. Past the limit: undefined.
 */
export const earlyRetryOf = (report: StatusReport): { report: StatusReport; delaySeconds: number } | undefined => {
  const tries = (report.earlyTries ?? 0) + 1;
  if (tries > EARLY_RETRY_LIMIT) return undefined;
  return { report: { ...report, earlyTries: tries }, delaySeconds: Math.min(2 ** Math.max(1, tries - 4), 60) };
};

export type IngestResult = StoredReport['result'];

const ACCEPTED_NOT_FINAL = new Set<SendRecipient['status']>(['SENT', 'SUCCESS']);
const NOT_YET_ACCEPTED = new Set<SendRecipient['status']>(['UNSENT', 'SENDING', 'FAILED', 'HELD']);
/**
 * Reports of one bulk record arrive together (a provider answers a batch at once), so concurrent
 * consumers often write the same record: a lost race is retried after a short random pause, and only
 * a record that keeps changing goes back to the queue (whose redelivery waits a visibility timeout).
 */
const REPLACE_TRIES = 12;
const pauseAfterLostRace = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));

/** Same source, same event, same status: the same report, wherever and however often it arrives. */
export const reportIdOf = (report: StatusReport): string =>
  createHash('sha256').update(`${report.source}|${report.eventId}|${report.status}`, 'utf8').digest('hex').slice(0, 32);

/** A report may be this far ahead of our clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An SNS SMS report's message among the records the recipient index holds for its destination
 * (core/delivery/address-match.ts): the recipient with the report's provider id. A record of that
 * number still being sent may be the one (its acceptance not yet written): too early, not unmatched.
 */
const messageIdByAddress = async (deps: IngestReportDeps, report: StatusReport, providerMessageId: string): Promise<string | undefined> => {
  if (report.source !== 'SNS_SMS' || !report.address) return undefined;
  const at = Date.parse(report.eventAt);
  if (Number.isNaN(at)) return undefined;
  const mobile = normaliseMobile(report.address);
  const sendIds = deps.lookup.sendIdsToMobile(mobile, new Date(at - ADDRESS_MATCH_LOOKBACK_MS).toISOString(), new Date(at + CLOCK_SKEW_MS).toISOString());
  let beingSent = false;
  // Newest first from the report's time: its own request is among the first (SNS's timestamp is the publish time).
  for await (const sendId of sendIds) {
    const record = await deps.sendRecords.get(sendId);
    if (!record || record.channel !== 'SMS') continue;
    const recipient = record.recipients.find((r) => r.providerMessageId === providerMessageId);
    if (recipient) return messageIdOf(sendId, recipient.index);
    if (record.status === 'SENDING' && record.recipients.some((r) => normaliseMobile(r.to) === mobile)) beingSent = true;
  }
  if (beingSent) throw new ReportTooEarlyError(`report ${providerMessageId} for ${report.address} while a message to it is being sent`);
  return undefined;
};

/** The OUTBOX's ids carry ours (`outbox:<sendId>#<index>`); gateway receipts name it; the rest are looked up. */
const messageIdFor = async (deps: IngestReportDeps, report: StatusReport): Promise<string | undefined> => {
  if (report.messageId) return report.messageId;
  if (!report.providerMessageId) return undefined;
  if (report.providerMessageId.startsWith('outbox:')) return report.providerMessageId.slice('outbox:'.length);
  return (await deps.lookup.messageIdOf(report.source, report.providerMessageId)) ?? (await messageIdByAddress(deps, report, report.providerMessageId));
};

const parseMessageId = (messageId: string): { sendId: string; index: number } | undefined => {
  const match = /^(.+)#(\d+)$/.exec(messageId);
  return match ? { sendId: match[1]!, index: Number(match[2]) } : undefined;
};

/** The recipient's final state from this report, on a fresh read of the record; retried when another writer moved it first. */
interface Applied {
  result: IngestResult;
  record?: SendRecord;
  recipient?: SendRecipient;
  /** The record holds this report (carried-rows.ts): it needs no item of its own. */
  carried?: boolean;
}

const apply = async (deps: IngestReportDeps, report: StatusReport, id: string, sendId: string, index: number): Promise<Applied> => {
  for (let attempt = 0; attempt < REPLACE_TRIES; attempt++) {
    const record = await deps.sendRecords.get(sendId);
    const recipient = record?.recipients.find((r) => r.index === index);
    if (!record || !recipient) return { result: 'UNMATCHED' };
    if (NOT_YET_ACCEPTED.has(recipient.status) || record.status === 'SENDING') {
      throw new ReportTooEarlyError(`report for ${sendId}#${index} before its acceptance was recorded (${recipient.status})`);
    }
    if (recipient.status === report.status) {
      // This outcome is already written: the same report again, maybe after its consumer died between
      // the write and its follow-ups. The roll-up (and the callback trigger after it) are idempotent: redone.
      await rollUpIfFinished(deps.outcomes, undefined, record, deps.log);
      return { result: 'APPLIED', record, recipient, carried: recipient.reportId === id };
    }
    if (!ACCEPTED_NOT_FINAL.has(recipient.status)) return { result: 'LATE', record, recipient };
    const at = deps.now().toISOString();
    const carried = carriesRows(record);
    const changed: SendRecipient = {
      ...recipient,
      status: report.status,
      finalAt: at,
      ...(report.detail ? { reportStatus: report.detail.slice(0, 200) } : {}),
      ...(carried ? { reportId: id, reportSource: report.source, reportAt: report.eventAt } : {}),
    };
    const next: SendRecord = { ...record, recipients: record.recipients.map((r) => (r.index === index ? changed : r)), updatedAt: at };
    if (await deps.sendRecords.replace(next, record)) {
      await rollUpIfFinished(deps.outcomes, record, next, deps.log);
      return { result: 'APPLIED', record: next, recipient: changed, carried };
    }
    await pauseAfterLostRace(attempt);
  }
  throw new Error(`send record ${sendId} kept changing while a report was applied`);
};

const suppressionOf = (report: StatusReport, channel: SendRecord['channel'] | undefined, recipient: SendRecipient | undefined) => {
  if (!report.suppress) return undefined;
  if (report.source === 'SES') {
    const address = recipient?.to ?? report.address;
    return address ? { channel: 'EMAIL' as const, address: normaliseEmail(address) } : undefined;
  }
  // A push failure names the endpoint ARN; the device number is the recipient's, so only a matched one can be suppressed.
  if (report.source === 'SNS_PUSH' && recipient && channel === 'PUSH') return { channel: 'PUSH' as const, address: recipient.to };
  return undefined;
};

export const ingestStatusReport = async (deps: IngestReportDeps, report: StatusReport): Promise<IngestResult> => {
  const id = reportIdOf(report);
  const messageId = await messageIdFor(deps, report);
  const target = messageId ? parseMessageId(messageId) : undefined;
  const applied: Applied = target ? await apply(deps, report, id, target.sendId, target.index) : { result: 'UNMATCHED' };
  const { record, recipient } = applied;
  const raw = recipient?.to ?? report.address;
  const sms = record ? record.channel === 'SMS' : report.source === 'SNS_SMS' || report.source === 'HTTP_SMS' || report.source === 'OUTBOX';
  // Stored as the interception lists normalise mobiles, so the page's 发送用户 search finds `+86 138…` as `138…`.
  const address = raw && (sms ? reportedAddress('SMS', raw) : raw);
  const stored: StoredReport = {
    id,
    source: report.source,
    receiveStatus: report.status,
    result: applied.result,
    eventAt: report.eventAt,
    createdAt: deps.now().toISOString(),
    ...(report.providerMessageId ? { providerMessageId: report.providerMessageId } : {}),
    ...(messageId && record ? { messageId } : {}),
    ...(record ? { sendId: record.sendId, requestNo: record.requestNo, institution: record.institution, channel: record.channel } : {}),
    ...(address ? { mobile: address } : {}),
    ...(report.detail ? { detail: report.detail } : {}),
  };
  // Its record holds it (written with the final state it brought), or it is an item of its own.
  if (!applied.carried) await deps.reports.put(stored);
  const suppression = suppressionOf(report, record?.channel, recipient);
  if (suppression) await deps.suppression.suppress({ ...suppression, reason: report.suppress!, source: id, at: report.eventAt });
  else if (report.suppress) deps.log.warn('suppression without an address to suppress', { reportId: id, source: report.source });
  // Only a record whose every recipient now has its outcome can have finished the request: the other
  // reports of a bulk record (all but its last) need not read the request's records.
  if (applied.result === 'APPLIED' && record && deps.onRecordChanged && isFinalOutcome(recordOutcome(record))) await deps.onRecordChanged(record.sendId);
  return applied.result;
};
