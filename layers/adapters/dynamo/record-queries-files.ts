import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fileDetailPartition, fileRequestPartition, importPartition } from './record-keys.ts';
import { daysBack, queryPartitions, timeRange, withoutKeys, type Partition } from './record-queries.ts';

// 文件请求记录 (MSG_FILE_REQUEST), 文件明细记录 (MSG_FILE_DETAIL), 导入请求 (IMPORT_MSG_REQUEST): key
// layouts in docs/ARCHITECTURE.md (messages table). An id filter is the item's own partition.

interface Listing {
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const byKeyOrDays = (f: Listing, now: Date, key: Partition | undefined, dayPartition: (day: string) => { pk: string; shards?: string[] }): Partition[] => {
  if (key) {
    const sk = key.index ? timeRange(f) : undefined;
    return [{ ...key, ...(sk ? { sk } : {}) }];
  }
  return daysBack(f, now).map((day) => ({ index: 'gsi1' as const, ...dayPartition(day) }));
};

/** id → its item; status → gsi2 FILESTATUS#; else gsi1 FILEDAY#; detailFilePath within. */
export const queryFileRequests = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & { id?: string | undefined; detailFilePath?: string | undefined; status?: string | undefined },
  now: Date,
) => {
  const key: Partition | undefined = f.id ? { pk: fileRequestPartition.item(f.id) } : f.status ? { index: 'gsi2', pk: fileRequestPartition.status(f.status) } : undefined;
  return queryPartitions(doc, {
    table,
    partitions: byKeyOrDays(f, now, key, fileRequestPartition.day),
    filters: { detailFilePath: f.detailFilePath, status: f.id ? f.status : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: withoutKeys,
  });
};

/** id → its item; fileRequestId → gsi2 FILEDETAILREQ#; status → gsi3 FILEDETAILST#; else gsi1 FILEDETAILDAY#. */
export const queryFileDetails = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & { id?: string | undefined; fileRequestId?: string | undefined; status?: string | undefined },
  now: Date,
) => {
  const key: Partition | undefined = f.id
    ? { pk: fileDetailPartition.item(f.id) }
    : f.fileRequestId
      ? { index: 'gsi2', pk: fileDetailPartition.fileRequest(f.fileRequestId) }
      : f.status
        ? { index: 'gsi3', pk: fileDetailPartition.status(f.status) }
        : undefined;
  return queryPartitions(doc, {
    table,
    partitions: byKeyOrDays(f, now, key, fileDetailPartition.day),
    filters: { status: f.id || f.fileRequestId ? f.status : undefined, fileRequestId: f.id ? f.fileRequestId : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: withoutKeys,
  });
};

/** batchNo → gsi2 IMPORTBATCH#; else gsi1 IMPORTDAY#; status within. */
export const queryImportRequests = (doc: DynamoDBDocumentClient, table: string, f: Listing & { batchNo?: string | undefined; status?: string | undefined }, now: Date) =>
  queryPartitions(doc, {
    table,
    partitions: byKeyOrDays(f, now, f.batchNo ? { index: 'gsi2', pk: importPartition.batch(f.batchNo) } : undefined, importPartition.day),
    filters: { status: f.status },
    limit: f.limit,
    cursor: f.cursor,
    view: withoutKeys,
  });
