import { normaliseMobile } from '#core/interception/normalise';

// Keys of the messages table's log and file items (docs/ARCHITECTURE.md → messages table): SMS send
// logs (MSG_LOG), SMS status reports (MSG_REPORT), file requests and their detail lines, imported
// requests. The admin readers (record-queries-logs.ts, record-queries-files.ts) query these
// partitions; the writers still to come (SMS gateway logs and reports, file and import jobs) build
// their items' keys here, so reader and writer cannot disagree.

const dayOf = (at: string) => at.slice(0, 10);

export const smsLogPartition = {
  day: (day: string) => `SMSLOGDAY#${day}`,
  request: (requestNo: string) => `SMSLOGREQ#${requestNo}`,
  institution: (institution: string) => `SMSLOGINST#${institution}`,
};
export const smsLogKeys = (log: { id: string; requestNo: string; institution: string; createdAt: string }) => ({
  pk: `SMSLOG#${log.id}`,
  sk: 'META',
  gsi1pk: smsLogPartition.day(dayOf(log.createdAt)),
  gsi1sk: log.createdAt,
  gsi2pk: smsLogPartition.request(log.requestNo),
  gsi2sk: log.createdAt,
  gsi3pk: smsLogPartition.institution(log.institution),
  gsi3sk: log.createdAt,
});

export const smsReportPartition = {
  day: (day: string) => `SMSRPTDAY#${day}`,
  request: (requestNo: string) => `SMSRPTREQ#${requestNo}`,
  /** The mobile as the interception lists normalise it, so `+86 138…` finds `138…`. */
  mobile: (mobile: string) => `SMSRPTMOB#${normaliseMobile(mobile)}`,
};
export const smsReportKeys = (report: { id: string; requestNo: string; mobile: string; createdAt: string }) => ({
  pk: `SMSRPT#${report.id}`,
  sk: 'META',
  gsi1pk: smsReportPartition.day(dayOf(report.createdAt)),
  gsi1sk: report.createdAt,
  gsi2pk: smsReportPartition.request(report.requestNo),
  gsi2sk: report.createdAt,
  gsi3pk: smsReportPartition.mobile(report.mobile),
  gsi3sk: report.createdAt,
});

export const fileRequestPartition = {
  item: (id: string) => `FILE#${id}`,
  day: (day: string) => `FILEDAY#${day}`,
  status: (status: string) => `FILESTATUS#${status}`,
};
export const fileRequestKeys = (file: { id: string; status: string; createdAt: string }) => ({
  pk: fileRequestPartition.item(file.id),
  sk: 'META',
  gsi1pk: fileRequestPartition.day(dayOf(file.createdAt)),
  gsi1sk: `${file.createdAt}#${file.id}`,
  gsi2pk: fileRequestPartition.status(file.status),
  gsi2sk: file.createdAt,
});

export const fileDetailPartition = {
  item: (id: string) => `FILEDETAIL#${id}`,
  day: (day: string) => `FILEDETAILDAY#${day}`,
  fileRequest: (fileRequestId: string) => `FILEDETAILREQ#${fileRequestId}`,
  status: (status: string) => `FILEDETAILST#${status}`,
};
export const fileDetailKeys = (detail: { id: string; fileRequestId: string; status: string; createdAt: string }) => ({
  pk: fileDetailPartition.item(detail.id),
  sk: 'META',
  gsi1pk: fileDetailPartition.day(dayOf(detail.createdAt)),
  gsi1sk: detail.createdAt,
  gsi2pk: fileDetailPartition.fileRequest(detail.fileRequestId),
  gsi2sk: detail.createdAt,
  gsi3pk: fileDetailPartition.status(detail.status),
  gsi3sk: detail.createdAt,
});

export const importPartition = {
  day: (day: string) => `IMPORTDAY#${day}`,
  batch: (batchNo: string) => `IMPORTBATCH#${batchNo}`,
};
export const importKeys = (imported: { id: string; batchNo: string; createdAt: string }) => ({
  pk: `IMPORT#${imported.id}`,
  sk: 'META',
  gsi1pk: importPartition.day(dayOf(imported.createdAt)),
  gsi1sk: `${imported.createdAt}#${imported.id}`,
  gsi2pk: importPartition.batch(imported.batchNo),
  gsi2sk: imported.createdAt,
});
