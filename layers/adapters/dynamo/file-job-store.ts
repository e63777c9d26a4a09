import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { fileJob, fileRow, type FileJob, type FileJobKind, type FileRow } from '#contracts/file-jobs';
import type { FileJobStore } from '#core/files/ports';
import { mapLimited } from '#core/map-limited';
import { fileChunkKey, fileDetailKeys, fileRequestKeys, importJobKeys, importKeys } from './record-keys.ts';

// File jobs in the messages table: an import is an IMPORTJOB# item with IMPORT# rows in its batch's
// partition; a file request is a FILE# item (MSG_FILE_REQUEST) with FILEDETAIL# lines. The keys come
// from record-keys.ts, which the admin readers use too.

const jobKeys = (job: Pick<FileJob, 'kind' | 'id' | 'status' | 'createdAt'>) =>
  job.kind === 'IMPORT' ? importJobKeys(job) : fileRequestKeys(job);

const jobKey = (kind: FileJobKind, id: string) => {
  const { pk, sk } = jobKeys({ kind, id, status: 'UPLOADING', createdAt: '1970-01-01T00:00:00Z' });
  return { pk, sk };
};

/** Rows carry the field the admin listings filter by: batchNo for imports, fileRequestId for file lines. */
const rowItem = (kind: FileJobKind, row: FileRow) =>
  kind === 'IMPORT'
    ? { ...importKeys({ id: row.id, batchNo: row.jobId, createdAt: row.createdAt }), ...row, batchNo: row.jobId }
    : { ...fileDetailKeys({ id: row.id, fileRequestId: row.jobId, status: row.status, createdAt: row.createdAt }), ...row, fileRequestId: row.jobId };

const rowKey = (kind: FileJobKind, jobId: string, rowNo: number) => {
  const id = `${jobId}-${rowNo}`;
  const keys = kind === 'IMPORT' ? importKeys({ id, batchNo: jobId, createdAt: '' }) : fileDetailKeys({ id, fileRequestId: jobId, status: '', createdAt: '' });
  return { pk: keys.pk!, sk: keys.sk! };
};

/** BatchWriteItem (25 items) or BatchGetItem (100 keys) calls of one putRows or getRows at once. */
const BATCHES_IN_FLIGHT = 4;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';
const isCancelledByCondition = (error: unknown) =>
  (error as Error).name === 'TransactionCanceledException' &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

export const createFileJobStore = (doc: DynamoDBDocumentClient, table: string): FileJobStore => {
  const get = async (kind: FileJobKind, id: string) => {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: jobKey(kind, id), ConsistentRead: true }));
    return Item ? fileJob().parse(Item) : undefined;
  };
  return {
    get,
    async create(job) {
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...jobKeys(job), ...job }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async moveStatus(kind, id, from, to, set = {}) {
      const fields: Record<string, unknown> = { ...set, status: to };
      // A file request's status is in its index key (FILESTATUS#…): the key moves with it.
      if (kind === 'FILE') fields.gsi2pk = fileRequestKeys({ id, status: to, createdAt: '1970-01-01T00:00:00Z' }).gsi2pk;
      const names = Object.keys(fields);
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: jobKey(kind, id),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
              ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return fileJob().parse(Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    async setOnce(kind, id, fields) {
      const names = Object.keys(fields);
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: jobKey(kind, id),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: ['attribute_exists(pk)', ...names.map((_, i) => `attribute_not_exists(#f${i})`)].join(' AND '),
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
            ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:f${i}`, (fields as Record<string, unknown>)[n]])),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return fileJob().parse(Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    async counted(jobId, step, chunkNo) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: fileChunkKey(jobId, step, chunkNo), ConsistentRead: true }));
      return Item !== undefined;
    },
    async count(kind, jobId, step, chunkNo, counts) {
      const names = Object.keys(counts);
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...fileChunkKey(jobId, step, chunkNo), counts }, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Update: {
                  TableName: table,
                  Key: jobKey(kind, jobId),
                  UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
                  ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:c${i}`, (counts as Record<string, number>)[n]])),
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (isCancelledByCondition(error)) return undefined;
        throw error;
      }
      return get(kind, jobId);
    },
    async putRows(kind, rows) {
      const batches = Array.from({ length: Math.ceil(rows.length / 25) }, (_, i) => rows.slice(i * 25, i * 25 + 25));
      // A row's item is the same whenever it is written, so batches may overlap and be written again.
      await mapLimited(batches, BATCHES_IN_FLIGHT, async (batch) => {
        let pending = batch.map((row) => ({ PutRequest: { Item: rowItem(kind, row) } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2_000)));
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      });
    },
    async getRows(kind, jobId, rowNos) {
      const batches = Array.from({ length: Math.ceil(rowNos.length / 100) }, (_, i) => rowNos.slice(i * 100, i * 100 + 100));
      const found = await mapLimited(batches, BATCHES_IN_FLIGHT, async (batch) => {
        const rows: FileRow[] = [];
        let keys: Record<string, unknown>[] = batch.map((n) => rowKey(kind, jobId, n));
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2_000)));
          const result = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          rows.push(...(result.Responses?.[table] ?? []).map((item) => fileRow().parse(item)));
          keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
        }
        return rows;
      });
      return found.flat().sort((a, b) => a.rowNo - b.rowNo);
    },
    async moveRow(kind, row, from, next) {
      const { errors: _dropped, ...rest } = row;
      const item = rowItem(kind, { ...rest, ...next });
      try {
        await doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: '#status = :from', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':from': from } }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
};
