import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Items of one shard of the sparse `pending` index that are due by `now` (what the rescans read). */
export const queryPending = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  pendingpk: string,
  now: Date,
  limit: number,
): Promise<Record<string, unknown>[]> => {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'pending',
      KeyConditionExpression: 'pendingpk = :pk AND pendingsk <= :now',
      ExpressionAttributeValues: { ':pk': pendingpk, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items ?? [];
};
