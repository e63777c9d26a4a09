import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageRequest, type MessageRequest, type Recipient } from '#contracts/records';
import { DomainError } from '#core/errors';
import type { CreateResult, RequestIntakeStore } from '#core/messages/intake-port';
import { CHUNK_SIZE } from '#core/messages/recipient-chunks';
import { chunkKey, requestDayKeys, requestKey, requestPendingPartition } from './message-keys.ts';

// Key layout: docs/ARCHITECTURE.md (messages table, request and request users chunk).

/** DynamoDB refuses a transaction whose items add up to more than 4 MB; JSON size over-estimates it. */
const TRANSACTION_BYTES = 4_000_000;
/** DynamoDB's item limit is 400 KB; only recipients with extreme field values come near it. */
const ITEM_BYTES = 390_000;

// In the keys-only `day` index only: its queue message carries it from here, so it enters the
// pending index only if that message could not be sent (markPending).
export const requestItem = (request: MessageRequest, inline: Recipient[] | undefined): Record<string, unknown> => ({
  ...requestKey(request.institution, request.requestNo),
  ...request,
  ...(inline ? { users: inline } : {}),
  ...requestDayKeys(request),
});

const chunkItems = (request: MessageRequest, recipients: Recipient[]): Record<string, unknown>[] =>
  Array.from({ length: request.chunkCount }, (_, i) => ({
    ...chunkKey(request.institution, request.requestNo, i + 1),
    chunk: i + 1,
    firstIndex: i * CHUNK_SIZE,
    users: recipients.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
  }));

const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

const busy = () => new DomainError('THROTTLED', '系统繁忙，请稍后重试 (service busy, retry later)');

export const createRequestIntakeStore = (doc: DynamoDBDocumentClient, tableName: string): RequestIntakeStore => {
  const find: RequestIntakeStore['find'] = async (institution, requestNo) => {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: requestKey(institution, requestNo), ConsistentRead: true }));
    return Item ? messageRequest().parse(Item) : undefined;
  };

  const existing = async (request: MessageRequest): Promise<CreateResult> => {
    const found = await find(request.institution, request.requestNo);
    // The condition failed, so the item existed a moment ago; if it is gone, let the caller retry.
    if (!found) throw busy();
    return { created: false, existing: found };
  };

  const create: RequestIntakeStore['create'] = async (request, recipients) => {
    const condition = { ConditionExpression: 'attribute_not_exists(pk)' };
    if (request.chunkCount === 0) {
      try {
        await doc.send(new PutCommand({ TableName: tableName, Item: requestItem(request, recipients), ...condition }));
        return { created: true };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return existing(request);
      }
    }
    const items = [requestItem(request, undefined), ...chunkItems(request, recipients)];
    const sizes = items.map((item) => Buffer.byteLength(JSON.stringify(item), 'utf8'));
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    if (bytes > TRANSACTION_BYTES || sizes.some((size) => size > ITEM_BYTES)) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `userIds: 接收用户数据共约 ${bytes} 字节，超过单次请求可原子保存的 4 MB，请拆分请求 (split the request)`, 'userIds');
    }
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item, i) => ({ Put: { TableName: tableName, Item, ...(i === 0 ? condition : {}) } })),
        }),
      );
      return { created: true };
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return existing(request);
      if (reasons.some((r) => r.Code && BUSY_REASONS.has(r.Code))) throw busy();
      throw error;
    }
  };

  const markPending: RequestIntakeStore['markPending'] = async (request, nextCheckAt) => {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: requestKey(request.institution, request.requestNo),
          UpdateExpression: 'SET pendingpk = :ppk, pendingsk = :next',
          ConditionExpression: '#s = :init',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':ppk': requestPendingPartition(request.institution, request.requestNo), ':next': nextCheckAt, ':init': 'INIT' },
        }),
      );
    } catch (error) {
      // Already moved on: a consumer has it, nothing to remember.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  };

  return { create, find, markPending };
};
