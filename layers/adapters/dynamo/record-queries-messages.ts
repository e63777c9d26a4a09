import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inboxMessage, messageRequest, recipient, RESEND_RETRIES, sendRecord, type MessageRequest, type Recipient } from '#contracts/records';
import { DomainError } from '#core/errors';
import { CHUNK_SIZE } from '#core/messages/recipient-chunks';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { REQUEST_SK_PREFIX, chunkKey, institutionOfDayKey, requestDayShards, requestKey, requestSendRecords, sendDayShards, sendKey } from './message-keys.ts';
import { DAY_KINDS, dayShards } from './day-partition.ts';
import { daysBack, pageOfList, queryPartitions, timeRange, type Partition, type RecordPage } from './record-queries.ts';
import { queryByRecipient, recipientFilterOf, requestRef, sendRecordRefs, type RecipientFilter } from './record-queries-recipients.ts';

// 消息请求记录, 消息发送记录, 用户消息: each seed filter served by the messages table's keys and
// indexes (docs/ARCHITECTURE.md → messages).

interface Range {
  from?: string | undefined;
  to?: string | undefined;
}
interface Paging {
  limit: number;
  cursor?: string | undefined;
}

/** A request as listed: without its inline recipients (see request-users). */
const requestView = (item: Record<string, unknown>) => messageRequest().parse(item);
/** A send record as listed: its recipients counted, not shown (see send-record-users); retryableCount feeds the resend rule. */
const sendRecordView = (item: Record<string, unknown>) => {
  const { recipients, ...record } = sendRecord().parse(item);
  return { ...record, recipientCount: recipients.length, retryableCount: recipients.filter((r) => RESEND_RETRIES.includes(r.status)).length };
};

export type RequestFilter = Range &
  Paging &
  RecipientFilter & { requestNo?: string | undefined; institution?: string | undefined; bizType?: string | undefined; status?: string | undefined };

/** The exact filters of a listing, on an item fetched by key. */
const matchesAll = (filters: Record<string, string | undefined>) => (item: Record<string, unknown>) =>
  Object.entries(filters).every(([field, value]) => value === undefined || value === '' || item[field] === value);

/**
 * A recipient (mobile, email, userId, custNo) → the recipient index; else requestNo → its partition
 * (one item per institution); else the keys-only `day` index day by day, institution read from the keys.
 */
export const queryRequests = (doc: DynamoDBDocumentClient, table: string, f: RequestFilter, now: Date) => {
  const recipient = recipientFilterOf(f);
  if (recipient) {
    return queryByRecipient(doc, {
      table, recipient, range: f, refs: requestRef, limit: f.limit, cursor: f.cursor, view: requestView,
      keep: (entry) => (!f.institution || entry.institution === f.institution) && (!f.requestNo || entry.requestNo === f.requestNo),
      matches: matchesAll({ bizType: f.bizType, status: f.status }),
    });
  }
  const sk = timeRange(f);
  const institution = f.institution;
  const partitions: Partition[] = f.requestNo
    ? [{ pk: requestKey('', f.requestNo).pk, sk: institution ? { eq: requestKey(institution, f.requestNo).sk } : { beginsWith: REQUEST_SK_PREFIX } }]
    : daysBack(f, now).map((day) => ({
        index: 'day' as const,
        ...requestDayShards(day),
        ...(sk ? { sk } : {}),
        keysOnly: institution ? { keep: (keys: Record<string, unknown>) => institutionOfDayKey(String(keys.daysk)) === institution } : {},
      }));
  return queryPartitions(doc, { table, partitions, filters: { bizType: f.bizType, status: f.status }, limit: f.limit, cursor: f.cursor, view: requestView });
};

export const getRequest = async (doc: DynamoDBDocumentClient, table: string, institution: string, requestNo: string) => {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: requestKey(institution, requestNo) }));
  if (!Item) throw new DomainError('NOT_FOUND', `请求 ${institution}/${requestNo} 不存在 (request not found)`);
  return Item;
};

/** The request's recipients: inline on the request, or its USERS# chunks read one by one. */
export const queryRequestUsers = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Paging & { institution: string; requestNo: string },
): Promise<RecordPage<Recipient & { index: number }>> => {
  const request = await getRequest(doc, table, f.institution, f.requestNo);
  const indexed = (users: unknown[], first: number) => users.map((u, i) => ({ ...recipient().parse(u), index: first + i }));
  const parsed = messageRequest().parse(request);
  if (parsed.chunkCount === 0) return pageOfList(indexed((request.users as unknown[] | undefined) ?? [], 0), f.limit, f.cursor);
  const decoded = decodeCursor(f.cursor) as { o?: unknown } | undefined;
  let offset = decoded ? Number(decoded.o) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标无效 (invalid cursor)', 'cursor');
  const items: (Recipient & { index: number })[] = [];
  while (items.length < f.limit && offset < parsed.recipientCount) {
    const chunk = Math.floor(offset / CHUNK_SIZE) + 1;
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: chunkKey(f.institution, f.requestNo, chunk) }));
    const users = indexed((Item?.users as unknown[] | undefined) ?? [], (chunk - 1) * CHUNK_SIZE);
    const take = users.slice(offset - (chunk - 1) * CHUNK_SIZE, offset - (chunk - 1) * CHUNK_SIZE + f.limit - items.length);
    if (take.length === 0) break;
    items.push(...take);
    offset += take.length;
  }
  return { items, ...(offset < parsed.recipientCount ? { cursor: encodeCursor({ o: offset }) } : {}) };
};

export type SendRecordFilter = Range &
  Paging &
  RecipientFilter & { requestNo?: string | undefined; institution?: string | undefined; channel?: string | undefined; status?: string | undefined };

/** The requests of this number (one per institution that used it), from its partition. */
const requestsNumbered = async (doc: DynamoDBDocumentClient, table: string, requestNo: string, institution?: string): Promise<MessageRequest[]> => {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': requestKey('', requestNo).pk, ':sk': institution ? requestKey(institution, requestNo).sk : REQUEST_SK_PREFIX },
      Limit: 50,
    }),
  );
  return (Items ?? []).filter((item) => !institution || item.institution === institution).map((item) => messageRequest().parse(item));
};

/** A request's send records: the neighbours in its day's partition whose ids start with its prefix. */
const sendRecordsPartitionOf = (request: MessageRequest): Partition => {
  const { prefix, ...shards } = requestSendRecords(request);
  return { ...shards, sk: { beginsWith: prefix } };
};

/** A recipient → the recipient index; else requestNo (+institution) → the request's records; else the day partitions; other filters inside. */
export const querySendRecords = async (doc: DynamoDBDocumentClient, table: string, f: SendRecordFilter, now: Date) => {
  const recipient = recipientFilterOf(f);
  if (recipient) {
    return queryByRecipient(doc, {
      table, recipient, range: f, refs: sendRecordRefs, limit: f.limit, cursor: f.cursor, view: sendRecordView,
      keep: (entry) => (!f.institution || entry.institution === f.institution) && (!f.requestNo || entry.requestNo === f.requestNo),
      matches: matchesAll({ channel: f.channel, status: f.status }),
    });
  }
  const partitions: Partition[] = f.requestNo
    ? (await requestsNumbered(doc, table, f.requestNo, f.institution)).map(sendRecordsPartitionOf)
    : daysBack(f, now).map((day) => sendDayShards(day));
  const filters = { status: f.status, channel: f.channel, institution: f.requestNo ? undefined : f.institution };
  if (partitions.length === 0) return { items: [] };
  return queryPartitions(doc, { table, partitions, filters, limit: f.limit, cursor: f.cursor, view: sendRecordView });
};

export const getSendRecord = async (doc: DynamoDBDocumentClient, table: string, sendId: string) => {
  const key = sendKey(sendId);
  const { Item } = key ? await doc.send(new GetCommand({ TableName: table, Key: key })) : { Item: undefined };
  if (!Item) throw new DomainError('NOT_FOUND', `发送记录 ${sendId} 不存在 (send record not found)`);
  return sendRecord().parse(Item);
};

export const querySendRecordUsers = async (doc: DynamoDBDocumentClient, table: string, f: Paging & { sendId: string }) =>
  pageOfList((await getSendRecord(doc, table, f.sendId)).recipients, f.limit, f.cursor);

/** userKey → the user's inbox partition (sorted by time); else gsi1 INBOXDAY# day by day. */
export const queryInbox = (doc: DynamoDBDocumentClient, table: string, f: Range & Paging & { userKey?: string | undefined }, now: Date) => {
  const sk = timeRange(f);
  const partitions: Partition[] = f.userKey
    ? [{ pk: `INBOX#${f.userKey}`, ...(sk ? { sk } : {}) }]
    : daysBack(f, now).map((day) => ({ index: 'gsi1' as const, ...dayShards(DAY_KINDS.inbox, day) }));
  return queryPartitions(doc, { table, partitions, limit: f.limit, cursor: f.cursor, view: (item) => inboxMessage().parse(item) });
};
