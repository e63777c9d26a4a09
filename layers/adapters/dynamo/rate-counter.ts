import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '#core/limits/institution-rate';
import { conditional } from './request-processing-store.ts';

/** Windows linger a little past their end, then DynamoDB TTL removes them (expiry is never read). */
const LINGER_SECONDS = 300;

export interface WindowSlot {
  table: string;
  key: Record<string, string>;
  /** The counting attribute (`count`, `granted`). */
  attribute: string;
  limit: number;
  /** Epoch seconds for TTL. */
  expiresAt: number;
}

/**
 * Takes up to `wanted` of a fixed window's `limit` with one atomic ADD whose condition refuses to
 * pass the limit: all of it, else (another reader) what is left, else 0. A refused take writes
 * nothing, so a flood over the limit costs one failed conditional write per call, no more.
 */
export const takeFromWindow = async (doc: DynamoDBDocumentClient, slot: WindowSlot, wanted: number): Promise<number> => {
  const add = (n: number) =>
    conditional(() =>
      doc.send(
        new UpdateCommand({
          TableName: slot.table,
          Key: slot.key,
          UpdateExpression: 'ADD #count :n SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
          ExpressionAttributeNames: { '#count': slot.attribute },
          ExpressionAttributeValues: { ':n': n, ':room': slot.limit - n, ':expiresAt': slot.expiresAt },
        }),
      ),
    );
  const first = Math.min(wanted, slot.limit);
  if (first <= 0) return 0;
  if (await add(first)) return first;
  if (first === 1) return 0;
  // Not all of it: what is left, if anything (another taker may get it first).
  const { Item } = await doc.send(new GetCommand({ TableName: slot.table, Key: slot.key, ConsistentRead: true }));
  const left = slot.limit - Number(Item?.[slot.attribute] ?? 0);
  return left > 0 && left < first && (await add(left)) ? left : 0;
};

/** The institutions' one-minute windows, one counters item per window (`RATE` / `count`). */
export const createRateCounter = (doc: DynamoDBDocumentClient, tableName: string): RateCounter => ({
  take: (key, wanted, limit, windowEndsAt) =>
    takeFromWindow(doc, { table: tableName, key: { pk: key, sk: 'RATE' }, attribute: 'count', limit, expiresAt: Math.floor(windowEndsAt.getTime() / 1000) + LINGER_SECONDS }, wanted),
});
