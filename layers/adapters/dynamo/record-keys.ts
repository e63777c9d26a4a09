import { normaliseMobile } from '#core/interception/normalise';
import { DAY_KINDS, dayPartition, dayShards } from './day-partition.ts';

// Keys of the messages table's log and file items (docs/ARCHITECTURE.md → messages table): SMS send
// logs (MSG_LOG), SMS status reports (MSG_REPORT), file requests and their detail lines, imported
// requests. The admin readers (record-queries-logs.ts, record-queries-files.ts) query these
// partitions; the writers still to come (SMS gateway logs and reports, file and import jobs) build
// their items' keys here, so reader and writer cannot disagree. Day partitions are sharded
// (day-partition.ts): `…Partition.day(day)` is every shard of the day, for readers.

const dayOf = (at: string) => at.slice(0, 10);

/** An item under its own key, in the overloaded indexes gsi1… in the order given ([partition, sort key] each). */
const indexed = (pk: string, ...indexes: [string, string][]): Record<string, string> => ({
  pk,
  sk: 'META',
  ...Object.fromEntries(indexes.flatMap(([ipk, isk], i) => [[`gsi${i + 1}pk`, ipk], [`gsi${i + 1}sk`, isk]])),
});

export const smsLogPartition = {
  day: (day: string) => dayShards(DAY_KINDS.smsLog, day),
  request: (requestNo: string) => `SMSLOGREQ#${requestNo}`,
  institution: (institution: string) => `SMSLOGINST#${institution}`,
};
export const smsLogKeys = (log: { id: string; requestNo: string; institution: string; createdAt: string }) =>
  indexed(
    `SMSLOG#${log.id}`,
    [dayPartition(DAY_KINDS.smsLog, dayOf(log.createdAt), log.id), log.createdAt],
    [smsLogPartition.request(log.requestNo), log.createdAt],
    [smsLogPartition.institution(log.institution), log.createdAt],
  );

export const smsReportPartition = {
  day: (day: string) => dayShards(DAY_KINDS.smsReport, day),
  request: (requestNo: string) => `SMSRPTREQ#${requestNo}`,
  /** The mobile as the interception lists normalise it, so `+86 138…` finds `138…`. */
  mobile: (mobile: string) => `SMSRPTMOB#${normaliseMobile(mobile)}`,
};
export const smsReportKeys = (report: { id: string; requestNo: string; mobile: string; createdAt: string }) =>
  indexed(
    `SMSRPT#${report.id}`,
    [dayPartition(DAY_KINDS.smsReport, dayOf(report.createdAt), report.id), report.createdAt],
    [smsReportPartition.request(report.requestNo), report.createdAt],
    [smsReportPartition.mobile(report.mobile), report.createdAt],
  );

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
