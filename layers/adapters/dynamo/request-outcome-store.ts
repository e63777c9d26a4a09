import * as z from 'zod/mini';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deliveryOutcome, type DeliveryOutcome } from '#contracts/records';
import type { RequestOutcomeStore } from '#core/delivery/roll-up-outcome';
import { dayOfSendId, requestPrefixOfSendId } from '#core/delivery/ids';
import { requestKey, sendDayShards } from './message-keys.ts';
import { conditional } from './request-processing-store.ts';

/**
 * A record's own createdAt is its split's; its id carries the request's time, hence its day and
 * siblings, which are spread over the day's shards (sharded by send id: day-partition.ts).
 */
const siblingsOf = (sendId: string) => {
  const day = dayOfSendId(sendId);
  const { pk, shards = [pk] } = day ? sendDayShards(day) : { pk: '', shards: [] };
  return { shards, prefix: requestPrefixOfSendId(sendId) };
};

/** The request's send records (its day partition, its id prefix), read for their `outcome` only. */
export const createRequestOutcomeStore = (doc: DynamoDBDocumentClient, table: string): RequestOutcomeStore => ({
  async recordOutcomes(record) {
    const { shards, prefix } = siblingsOf(record.sendId);
    const outcomes: DeliveryOutcome[] = [];
    await Promise.all(
      shards.map(async (pk) => {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
              ProjectionExpression: 'outcome',
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          );
          for (const item of page.Items ?? []) outcomes.push(z.catch(deliveryOutcome, 'PENDING').parse(item.outcome));
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
    return outcomes;
  },
  async setOutcome(record, outcome, at) {
    await conditional(() =>
      doc.send(
        new UpdateCommand({
          TableName: table,
          Key: requestKey(record.institution, record.requestNo),
          UpdateExpression: 'SET outcome = :o, outcomeAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome <> :o)',
          ExpressionAttributeValues: { ':o': outcome, ':at': at },
        }),
      ),
    );
  },
});
