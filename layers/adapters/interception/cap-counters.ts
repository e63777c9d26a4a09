import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CapCounter, CapOutcome, CapRequest } from '#core/interception/protection-ports';

// One counter item per recipient per local day in the counters table:
//   pk `CAP#<bizType>#<channel>#<recipient>#<yyyy-mm-dd>`, sk `D`
//   n: sent that day · h00…h23: sent in that hour · ids: the sendId#index counted · expiresAt (TTL)
// Check and count are one conditional UpdateItem, so concurrent splits cannot overshoot a cap and a
// redelivered split (same sendId#index already in `ids`) is not counted twice. `ids` only grows when
// something is counted, so it stays at most dailyCap entries (24 × hourlyCap with only an hourly cap).

const CONCURRENCY = 25;

interface OldItem {
  ids?: { SS?: string[] };
  n?: { N?: string };
  [hour: string]: unknown;
}

const countOne = async (doc: DynamoDBDocumentClient, tableName: string, request: CapRequest): Promise<CapOutcome> => {
  const hourAttr = `h${request.hour}`;
  const conditions = ['(attribute_not_exists(ids) OR NOT contains(ids, :id))'];
  const values: Record<string, unknown> = {
    ':id': request.countId,
    ':ids': new Set([request.countId]),
    ':one': 1,
    ':exp': Math.ceil(request.expiresAt.getTime() / 1000),
  };
  if (request.dailyCap !== undefined) {
    conditions.push('(attribute_not_exists(n) OR n < :dcap)');
    values[':dcap'] = request.dailyCap;
  }
  if (request.hourlyCap !== undefined) {
    conditions.push('(attribute_not_exists(#h) OR #h < :hcap)');
    values[':hcap'] = request.hourlyCap;
  }
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `CAP#${request.scope}#${request.day}`, sk: 'D' },
        UpdateExpression: 'ADD ids :ids, n :one, #h :one SET expiresAt = :exp',
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#h': hourAttr },
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'COUNTED';
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    // The item as it was when the condition failed (raw attribute values: the document client does
    // not unmarshall exceptions) tells a redelivery from a cap hit.
    const old = ((error as { Item?: OldItem }).Item ?? {}) as OldItem;
    if (old.ids?.SS?.includes(request.countId)) return 'DUPLICATE';
    if (request.dailyCap !== undefined && Number(old.n?.N ?? 0) >= request.dailyCap) return 'DAILY_CAP';
    const hourly = (old[hourAttr] as { N?: string } | undefined)?.N;
    if (request.hourlyCap !== undefined && Number(hourly ?? 0) >= request.hourlyCap) return 'HOURLY_CAP';
    throw new Error(`cap counter ${request.scope}#${request.day}: condition failed but no cap is reached`, { cause: error });
  }
};

export const createCapCounter = (doc: DynamoDBDocumentClient, tableName: string): CapCounter => ({
  async count(requests) {
    const outcomes: CapOutcome[] = new Array<CapOutcome>(requests.length);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const position = next++;
        outcomes[position] = await countOne(doc, tableName, requests[position]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
    return outcomes;
  },
});
