import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fileJob, fileRow, type FileRow } from '#contracts/file-jobs';
import { importJobPartition } from './record-keys.ts';
import { daysBack, queryPartitions, withoutKeys } from './record-queries.ts';
import { queryImportRequests } from './record-queries-files.ts';

// The Excel imports (batches), newest first, day by day; a batch's rows through the import-requests reader.

export const queryImportJobs = (doc: DynamoDBDocumentClient, table: string, f: { from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined }, now: Date) =>
  queryPartitions(doc, {
    table,
    partitions: daysBack(f, now).map((day) => ({ index: 'gsi1' as const, ...importJobPartition.day(day) })),
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => {
      const { message: _m, bodyHash: _b, etag: _e, ...view } = fileJob().parse(withoutKeys(item));
      return view;
    },
  });

export const queryImportRows = async (doc: DynamoDBDocumentClient, table: string, f: { batchNo: string; status?: string | undefined; limit: number; cursor?: string | undefined }, now: Date) => {
  const page = await queryImportRequests(doc, table, f, now);
  return { ...page, items: page.items.map((item) => fileRow().parse(item)) };
};

/** Every row of a batch (the report): page after page. */
export const allImportRows = async (doc: DynamoDBDocumentClient, table: string, batchNo: string, now: Date): Promise<FileRow[]> => {
  const rows: FileRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryImportRows(doc, table, { batchNo, limit: 100, cursor }, now);
    rows.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return rows;
};
