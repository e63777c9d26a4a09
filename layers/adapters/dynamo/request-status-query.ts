import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageRequest, sendRecord, type SendRecord } from '#contracts/records';
import type { RequestStatusQuery } from '#core/messages/request-status';
import { requestKey } from './request-intake-store.ts';

/** Request by key; its send records through gsi2 `SENDREQ#<institution>#<requestNo>` (docs/ARCHITECTURE.md). */
export const createRequestStatusQuery = (doc: DynamoDBDocumentClient, tableName: string): RequestStatusQuery => ({
  async findRequest(institution, requestNo) {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: requestKey(institution, requestNo) }));
    return Item ? messageRequest.parse(Item) : undefined;
  },
  async sendRecords(institution, requestNo) {
    const records: SendRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': `SENDREQ#${institution}#${requestNo}` },
          ExclusiveStartKey: start,
        }),
      );
      records.push(...(page.Items ?? []).map((item) => sendRecord.parse(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return records;
  },
});
