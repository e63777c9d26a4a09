import { normaliseMobile } from '#core/interception/normalise';
import { DAY_KINDS, dayPartition, dayShards } from './day-partition.ts';

// Keys of the messages table's log and file items (docs/ARCHITECTURE.md → messages table): send
// logs (MSG_LOG), status reports (MSG_REPORT), file requests and their detail lines, imported
// requests. The admin readers (record-queries-delivery.ts, record-queries-files.ts) query these
// partitions; the writers (send log, report ingestion; file and import jobs still to come) build
// their items' keys here, so reader and writer cannot disagree. Day partitions are
// sharded (day-partition.ts): `…Partition.day(day)` is every shard of the day, for readers.

const dayOf = (at: string) => at.slice(0, 10);

/** An item under its own key, in the overloaded indexes gsi1… in the order given ([partition, sort key] each). */
const indexed = (pk: string, ...indexes: [string, string][]): Record<string, string> => ({
  pk,
  sk: 'META',
  ...Object.fromEntries(indexes.flatMap(([ipk, isk], i) => [[`gsi${i + 1}pk`, ipk], [`gsi${i + 1}sk`, isk]])),
});

// MSG_LOG and MSG_REPORT are written once per provider call and per report, on the hot path: they
// sit in day partitions with no index (one write unit each), sorted by our message id, which starts
// with the request's time and hash, so a request's or a send record's entries are a key prefix.
const dayOfMessage = (sendId: string | undefined, at: string) => (sendId && /^\d{8}/.test(sendId) ? `${sendId.slice(0, 4)}-${sendId.slice(4, 6)}-${sendId.slice(6, 8)}` : dayOf(at));

export const smsLogPartition = {
  day: (day: string) => dayShards(DAY_KINDS.smsLog, day),
  /** The one shard holding a send record's entries (they are sharded by send id). */
  ofSend: (day: string, sendId: string) => dayPartition(DAY_KINDS.smsLog, day, sendId),
};
/** A send's call log sits in its request's day; a captcha's in the day of the call. */
export const smsLogKeys = (log: { id: string; sendId?: string | undefined; createdAt: string }) => ({
  pk: dayPartition(DAY_KINDS.smsLog, dayOfMessage(log.sendId, log.createdAt), log.sendId ?? log.id),
  sk: log.id,
});

/** Where a report that names only the provider's message id (SNS, SES) finds ours; written with the call's log entry. */
export const providerMessageKey = (provider: string, providerMessageId: string) => ({ pk: `PMSG#${provider}#${providerMessageId}`, sk: 'META' });

export const smsReportPartition = {
  day: (day: string) => dayShards(DAY_KINDS.smsReport, day),
  ofSend: (day: string, sendId: string) => dayPartition(DAY_KINDS.smsReport, day, sendId),
};
/**
 * A matched report sits beside its message's log entries (same day, our message id first); an
 * unmatched one in the day of the event, after every message id (`~`). Both keys are derived from
 * the report itself, so a redelivered report lands on its own item.
 */
export const smsReportKeys = (report: { id: string; messageId?: string | undefined; sendId?: string | undefined; eventAt: string }) =>
  report.messageId && report.sendId
    ? { pk: dayPartition(DAY_KINDS.smsReport, dayOfMessage(report.sendId, report.eventAt), report.sendId), sk: `${report.messageId}#${report.id}` }
    : { pk: dayPartition(DAY_KINDS.smsReport, dayOf(report.eventAt), report.id), sk: `~${report.eventAt}#${report.id}` };

export const fileRequestPartition = {
  item: (id: string) => `FILE#${id}`,
  day: (day: string) => dayShards(DAY_KINDS.fileRequest, day),
  status: (status: string) => `FILESTATUS#${status}`,
};
export const fileRequestKeys = (file: { id: string; status: string; createdAt: string }) =>
  indexed(
    fileRequestPartition.item(file.id),
    [dayPartition(DAY_KINDS.fileRequest, dayOf(file.createdAt), file.id), `${file.createdAt}#${file.id}`],
    [fileRequestPartition.status(file.status), file.createdAt],
  );

export const fileDetailPartition = {
  item: (id: string) => `FILEDETAIL#${id}`,
  day: (day: string) => dayShards(DAY_KINDS.fileDetail, day),
  fileRequest: (fileRequestId: string) => `FILEDETAILREQ#${fileRequestId}`,
  status: (status: string) => `FILEDETAILST#${status}`,
};
export const fileDetailKeys = (detail: { id: string; fileRequestId: string; status: string; createdAt: string }) =>
  indexed(
    fileDetailPartition.item(detail.id),
    [dayPartition(DAY_KINDS.fileDetail, dayOf(detail.createdAt), detail.id), detail.createdAt],
    [fileDetailPartition.fileRequest(detail.fileRequestId), detail.createdAt],
    [fileDetailPartition.status(detail.status), detail.createdAt],
  );

export const importPartition = {
  day: (day: string) => dayShards(DAY_KINDS.import, day),
  batch: (batchNo: string) => `IMPORTBATCH#${batchNo}`,
};
export const importKeys = (imported: { id: string; batchNo: string; createdAt: string }) =>
  indexed(`IMPORT#${imported.id}`, [dayPartition(DAY_KINDS.import, dayOf(imported.createdAt), imported.id), `${imported.createdAt}#${imported.id}`], [importPartition.batch(imported.batchNo), imported.createdAt]);

/** 上行短信 MSG_UPSTREAM: by the day received (gsi1) and by the sender's normalised mobile (gsi2). */
export const upstreamPartition = {
  day: (day: string) => dayShards(DAY_KINDS.upstream, day),
  mobile: (mobile: string) => `UPSTREAMMOB#${normaliseMobile(mobile)}`,
};
export const upstreamKeys = (message: { id: string; mobile: string; receivedAt: string }) =>
  indexed(
    `UPSTREAM#${message.id}`,
    [dayPartition(DAY_KINDS.upstream, dayOf(message.receivedAt), message.id), message.receivedAt],
    [upstreamPartition.mobile(message.mobile), message.receivedAt],
  );

/** Caller callback deliveries: by institution (gsi1), by status (gsi2, moves as it changes), by day created (gsi3). */
export const callbackDeliveryPartition = {
  institution: (institution: string) => `CBDELINST#${institution}`,
  status: (status: string) => `CBDELST#${status}`,
  day: (day: string) => dayShards(DAY_KINDS.callbackDelivery, day),
};
export const callbackDeliveryKeys = (delivery: { id: string; institution: string; status: string; createdAt: string; updatedAt: string }) =>
  indexed(
    `CBDEL#${delivery.id}`,
    [callbackDeliveryPartition.institution(delivery.institution), delivery.createdAt],
    [callbackDeliveryPartition.status(delivery.status), delivery.updatedAt],
    [dayPartition(DAY_KINDS.callbackDelivery, dayOf(delivery.createdAt), delivery.id), delivery.createdAt],
  );

/** An Excel import's own item (its rows are importKeys items in its batch partition). */
export const importJobPartition = {
  item: (batchNo: string) => `IMPORTJOB#${batchNo}`,
  day: (day: string) => dayShards(DAY_KINDS.importJob, day),
};
export const importJobKeys = (job: { id: string; createdAt: string }) =>
  indexed(importJobPartition.item(job.id), [dayPartition(DAY_KINDS.importJob, dayOf(job.createdAt), job.id), `${job.createdAt}#${job.id}`]);

/** Marks that a chunk of a file job was counted in a phase, so a redelivered chunk counts once. */
export const fileChunkKey = (jobId: string, step: string, chunkNo: number) => ({ pk: `FILECHUNK#${jobId}`, sk: `${step}#${String(chunkNo).padStart(6, '0')}` });

/** An e-mail attachment named in enclosureInfo: its object key in the attachments bucket is its id. */
export const attachmentKey = (id: string) => ({ pk: `ATTACH#${id}`, sk: 'META' });
