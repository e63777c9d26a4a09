// Keys of the messages table's log and file items (docs/ARCHITECTURE.md → messages table): send
// logs (MSG_LOG), status reports (MSG_REPORT), file requests and their detail lines, imported
// requests. The admin readers (record-queries-delivery.ts, record-queries-files.ts) query these
// partitions; the writers (send log, report ingestion; file and import jobs still to come) build
// their items' keys here, so reader and writer cannot disagree.

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
  day: (day: string) => `SMSLOG#${day}`,
};
/** A send's call log sits in its request's day; a captcha's in the day of the call. */
export const smsLogKeys = (log: { id: string; sendId?: string | undefined; createdAt: string }) => ({
  pk: smsLogPartition.day(dayOfMessage(log.sendId, log.createdAt)),
  sk: log.id,
});

/** Where a report that names only the provider's message id (SNS, SES) finds ours; written with the call's log entry. */
export const providerMessageKey = (provider: string, providerMessageId: string) => ({ pk: `PMSG#${provider}#${providerMessageId}`, sk: 'META' });

export const smsReportPartition = {
  day: (day: string) => `SMSRPT#${day}`,
};
/**
 * A matched report sits beside its message's log entries (same day, our message id first); an
 * unmatched one in the day of the event, after every message id (`~`). Both keys are derived from
 * the report itself, so a redelivered report lands on its own item.
 */
export const smsReportKeys = (report: { id: string; messageId?: string | undefined; sendId?: string | undefined; eventAt: string }) =>
  report.messageId && report.sendId
    ? { pk: smsReportPartition.day(dayOfMessage(report.sendId, report.eventAt)), sk: `${report.messageId}#${report.id}` }
    : { pk: smsReportPartition.day(dayOf(report.eventAt)), sk: `~${report.eventAt}#${report.id}` };

export const fileRequestPartition = {
  item: (id: string) => `FILE#${id}`,
  day: (day: string) => `FILEDAY#${day}`,
  status: (status: string) => `FILESTATUS#${status}`,
};
export const fileRequestKeys = (file: { id: string; status: string; createdAt: string }) =>
  indexed(
    fileRequestPartition.item(file.id),
    [fileRequestPartition.day(dayOf(file.createdAt)), `${file.createdAt}#${file.id}`],
    [fileRequestPartition.status(file.status), file.createdAt],
  );

export const fileDetailPartition = {
  item: (id: string) => `FILEDETAIL#${id}`,
  day: (day: string) => `FILEDETAILDAY#${day}`,
  fileRequest: (fileRequestId: string) => `FILEDETAILREQ#${fileRequestId}`,
  status: (status: string) => `FILEDETAILST#${status}`,
};
export const fileDetailKeys = (detail: { id: string; fileRequestId: string; status: string; createdAt: string }) =>
  indexed(
    fileDetailPartition.item(detail.id),
    [fileDetailPartition.day(dayOf(detail.createdAt)), detail.createdAt],
    [fileDetailPartition.fileRequest(detail.fileRequestId), detail.createdAt],
    [fileDetailPartition.status(detail.status), detail.createdAt],
  );

export const importPartition = {
  day: (day: string) => `IMPORTDAY#${day}`,
  batch: (batchNo: string) => `IMPORTBATCH#${batchNo}`,
};
export const importKeys = (imported: { id: string; batchNo: string; createdAt: string }) =>
  indexed(`IMPORT#${imported.id}`, [importPartition.day(dayOf(imported.createdAt)), `${imported.createdAt}#${imported.id}`], [importPartition.batch(imported.batchNo), imported.createdAt]);
