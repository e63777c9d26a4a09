import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '#core/limits/institution-rate';

/** Windows linger a little past their end, then DynamoDB TTL removes them (expiry is never read). */
const LINGER_SECONDS = 300;

/**
 * One counters item per window: ADD 1 only while the count is under the limit. The refused call
 * writes nothing, so a flood over the limit costs one failed conditional write per call, no more.
 */
export const createRateCounter = (doc: DynamoDBDocumentClient, tableName: string): RateCounter => ({
  async take(key, limit, windowEndsAt) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: key, sk: 'RATE' },
          UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': Math.floor(windowEndsAt.getTime() / 1000) + LINGER_SECONDS },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
});
