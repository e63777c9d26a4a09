import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DAY_KINDS, dayPartition } from '../dynamo/day-partition.ts';
import { normaliseMobile } from '#core/interception/normalise';
import { interceptRecord, interceptedRequest, type InterceptRecord, type InterceptedRequest } from '#contracts/records';

// 拦截记录 and 拦截请求 in the messages table (layouts in docs/ARCHITECTURE.md). Record ids are
// deterministic (sendId#index), so a redelivered split rewrites the same items instead of adding
// duplicates; BatchWrite keeps that to one call per 25 records. The mobile index key is normalised
// (normaliseMobile), so a search by mobile finds the record however the caller wrote the number.

const BATCH_WRITE_LIMIT = 25; // DynamoDB's BatchWriteItem maximum
const MAX_ATTEMPTS = 8;
const day = (iso: string) => iso.slice(0, 10);

export const interceptRecordItem = (record: InterceptRecord): Record<string, unknown> => ({
  pk: `ICPT#${record.id}`,
  sk: 'META',
  gsi1pk: dayPartition(DAY_KINDS.intercept, day(record.createdAt), record.id),
  gsi1sk: record.createdAt,
  ...(record.mobile ? { gsi2pk: `ICPTMOB#${normaliseMobile(record.mobile)}`, gsi2sk: record.createdAt } : {}),
  ...(record.deviceNo ? { gsi3pk: `ICPTDEV#${record.deviceNo}`, gsi3sk: record.createdAt } : {}),
  ...record,
});

export const interceptedRequestItem = (request: InterceptedRequest): Record<string, unknown> => ({
  pk: `ICPTREQ#${request.institution}#${request.requestNo}`,
  sk: 'META',
  gsi1pk: dayPartition(DAY_KINDS.interceptedRequest, day(request.createdAt), `${request.institution}#${request.requestNo}`),
  gsi1sk: request.createdAt,
  gsi2pk: `ICPTREQNO#${request.requestNo}`,
  gsi2sk: request.institution,
  gsi3pk: `ICPTREQBIZ#${request.bizType}`,
  gsi3sk: request.createdAt,
  ...request,
});

export interface InterceptionStore {
  recordInterceptions(records: InterceptRecord[]): Promise<void>;
  recordInterceptedRequest(request: InterceptedRequest): Promise<void>;
}

export const createInterceptionStore = (doc: DynamoDBDocumentClient, tableName: string): InterceptionStore => {
  const writeChunk = async (items: Record<string, unknown>[]) => {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWriteItem left ${pending.length} interception records unprocessed`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  };

  return {
    async recordInterceptions(records) {
      // One item per id: BatchWriteItem rejects a batch that names the same key twice.
      const items = [...new Map(records.map((r) => [r.id, interceptRecordItem(interceptRecord().parse(r))])).values()];
      const chunks = [];
      for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) chunks.push(items.slice(i, i + BATCH_WRITE_LIMIT));
      await Promise.all(chunks.map(writeChunk));
    },
    async recordInterceptedRequest(request) {
      try {
        // The first record stays: a redelivery must not move it to another day.
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: interceptedRequestItem(interceptedRequest().parse(request)),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },
  };
};
