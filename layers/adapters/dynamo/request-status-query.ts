import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageRequest, sendRecord, type SendRecord } from '#contracts/records';
import type { RequestStatusQuery } from '#core/messages/request-status';
import { requestKey, requestSendRecords } from './message-keys.ts';

/** Request by key; its send records are those in its day's shards whose ids share its id prefix (docs/ARCHITECTURE.md). */
export const createRequestStatusQuery = (doc: DynamoDBDocumentClient, tableName: string): RequestStatusQuery => ({
  async findRequest(institution, requestNo) {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: requestKey(institution, requestNo) }));
    return Item ? messageRequest().parse(Item) : undefined;
  },
  async sendRecords(request) {
    const { pk, shards = [pk], prefix } = requestSendRecords(request);
    // A bulk request's records spread over the day's shards: read them all, then put them in id order.
    const perShard = await Promise.all(
      shards.map(async (shard) => {
        const records: SendRecord[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': shard, ':prefix': prefix },
              ExclusiveStartKey: start,
            }),
          );
          records.push(...(page.Items ?? []).map((item) => sendRecord().parse(item)));
          start = page.LastEvaluatedKey;
        } while (start);
        return records;
      }),
    );
    return perShard.flat().sort((a, b) => (a.sendId < b.sendId ? -1 : a.sendId > b.sendId ? 1 : 0));
  },
});
