import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageRequest, type MessageRequest, type Recipient } from '#contracts/records';
import { DomainError } from '#core/errors';
import type { CreateResult, RequestIntakeStore } from '#core/messages/intake-port';
import { CHUNK_SIZE, chunkSortKey } from '#core/messages/recipient-chunks';

// Key layout: docs/ARCHITECTURE.md (messages table, request and request users chunk).

/** The rescan re-enqueues a request still pending this long after it was accepted (or last moved). */
export const PENDING_GRACE_MS = 2 * 60_000;
export const PENDING_SHARDS = 8;
/** DynamoDB refuses a transaction whose items add up to more than 4 MB; JSON size over-estimates it. */
const TRANSACTION_BYTES = 4_000_000;
/** DynamoDB's item limit is 400 KB; only recipients with extreme field values come near it. */
const ITEM_BYTES = 390_000;

export const requestKey = (institution: string, requestNo: string) => ({ pk: `REQ#${institution}#${requestNo}`, sk: 'META' });

/** Spreads pending requests over a few partitions so the rescan never reads one hot key. */
export const pendingShard = (institution: string, requestNo: string): number =>
  createHash('sha256').update(`${institution}#${requestNo}`).digest()[0]! % PENDING_SHARDS;

const requestItem = (request: MessageRequest, inline: Recipient[] | undefined): Record<string, unknown> => ({
  ...requestKey(request.institution, request.requestNo),
  ...request,
  ...(inline ? { users: inline } : {}),
  gsi1pk: `REQDAY#${request.createdAt.slice(0, 10)}`,
  gsi1sk: `${request.createdAt}#${request.institution}#${request.requestNo}`,
  gsi2pk: `REQNO#${request.requestNo}`,
  gsi2sk: request.institution,
  gsi3pk: `REQINST#${request.institution}`,
  gsi3sk: request.createdAt,
  pendingpk: `REQ#${pendingShard(request.institution, request.requestNo)}`,
  pendingsk: new Date(Date.parse(request.createdAt) + PENDING_GRACE_MS).toISOString(),
});

const chunkItems = (request: MessageRequest, recipients: Recipient[]): Record<string, unknown>[] =>
  Array.from({ length: request.chunkCount }, (_, i) => ({
    pk: requestKey(request.institution, request.requestNo).pk,
    sk: chunkSortKey(i + 1),
    chunk: i + 1,
    firstIndex: i * CHUNK_SIZE,
    users: recipients.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
  }));

const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

const busy = () => new DomainError('THROTTLED', '系统繁忙，请稍后重试 (service busy, retry later)');

export const createRequestIntakeStore = (doc: DynamoDBDocumentClient, tableName: string): RequestIntakeStore => {
  const find: RequestIntakeStore['find'] = async (institution, requestNo) => {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: requestKey(institution, requestNo), ConsistentRead: true }));
    return Item ? messageRequest.parse(Item) : undefined;
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

  return { create, find };
};
