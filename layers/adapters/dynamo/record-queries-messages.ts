import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inboxMessage, messageRequest, recipient, sendRecord, type Recipient } from '#contracts/records';
import { DomainError } from '#core/errors';
import { CHUNK_SIZE, chunkSortKey } from '#core/messages/recipient-chunks';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { daysBack, pageOfList, queryPartitions, timeRange, type Partition, type RecordPage } from './record-queries.ts';
import { requestKey } from './request-intake-store.ts';

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
const requestView = (item: Record<string, unknown>) => messageRequest.parse(item);
/** A send record as listed: its recipients counted, not shown (see send-record-users). */
const sendRecordView = (item: Record<string, unknown>) => {
  const { recipients, ...record } = sendRecord.parse(item);
  return { ...record, recipientCount: recipients.length };
};

export type RequestFilter = Range & Paging & { requestNo?: string | undefined; institution?: string | undefined; bizType?: string | undefined; status?: string | undefined };

/** requestNo → gsi2 (institution narrows the sort key); institution → gsi3 by time; else gsi1 day by day. */
export const queryRequests = (doc: DynamoDBDocumentClient, table: string, f: RequestFilter, now: Date) => {
  const sk = timeRange(f);
  const partitions: Partition[] = f.requestNo
    ? [{ index: 'gsi2', pk: `REQNO#${f.requestNo}`, ...(f.institution ? { sk: { eq: f.institution } } : {}) }]
    : f.institution
      ? [{ index: 'gsi3', pk: `REQINST#${f.institution}`, ...(sk ? { sk } : {}) }]
      : daysBack(f, now).map((day) => ({ index: 'gsi1' as const, pk: `REQDAY#${day}` }));
  return queryPartitions(doc, { table, partitions, filters: { bizType: f.bizType, status: f.status }, limit: f.limit, cursor: f.cursor, view: requestView });
};

export const getRequest = async (doc: DynamoDBDocumentClient, table: string, institution: string, requestNo: string) => {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: requestKey(institution, requestNo) }));
  if (!Item) throw new DomainError('NOT_FOUND', `请求 ${institution}/${requestNo} 不存在`);
  return Item;
};

/** The request's recipients: inline on the request, or its USERS# chunks read one by one. */
export const queryRequestUsers = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Paging & { institution: string; requestNo: string },
): Promise<RecordPage<Recipient & { index: number }>> => {
  const request = await getRequest(doc, table, f.institution, f.requestNo);
  const indexed = (users: unknown[], first: number) => users.map((u, i) => ({ ...recipient.parse(u), index: first + i }));
  const parsed = messageRequest.parse(request);
  if (parsed.chunkCount === 0) return pageOfList(indexed((request.users as unknown[] | undefined) ?? [], 0), f.limit, f.cursor);
  const decoded = decodeCursor(f.cursor) as { o?: unknown } | undefined;
  let offset = decoded ? Number(decoded.o) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('VALIDATION', 'cursor: 分页游标无效', 'cursor');
  const items: (Recipient & { index: number })[] = [];
  while (items.length < f.limit && offset < parsed.recipientCount) {
    const chunk = Math.floor(offset / CHUNK_SIZE) + 1;
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: requestKey(f.institution, f.requestNo).pk, sk: chunkSortKey(chunk) } }));
    const users = indexed((Item?.users as unknown[] | undefined) ?? [], (chunk - 1) * CHUNK_SIZE);
    const take = users.slice(offset - (chunk - 1) * CHUNK_SIZE, offset - (chunk - 1) * CHUNK_SIZE + f.limit - items.length);
    if (take.length === 0) break;
    items.push(...take);
    offset += take.length;
  }
  return { items, ...(offset < parsed.recipientCount ? { cursor: encodeCursor({ o: offset }) } : {}) };
};

export type SendRecordFilter = Range & Paging & { requestNo?: string | undefined; institution?: string | undefined; channel?: string | undefined; status?: string | undefined };

/** Institutions that have a request of this number (gsi2 REQNO#), so requestNo alone finds its send records. */
const institutionsOf = async (doc: DynamoDBDocumentClient, table: string, requestNo: string): Promise<string[]> => {
  const { Items } = await doc.send(
    new QueryCommand({ TableName: table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `REQNO#${requestNo}` }, Limit: 50 }),
  );
  return (Items ?? []).map((i) => String(i.institution));
};

/** requestNo (+institution) → gsi2 SENDREQ#; channel → gsi3 SENDCH# day by day; else gsi1 SENDDAY#. */
export const querySendRecords = async (doc: DynamoDBDocumentClient, table: string, f: SendRecordFilter, now: Date) => {
  let partitions: Partition[];
  const filters: Record<string, string | undefined> = { status: f.status };
  if (f.requestNo) {
    const institutions = f.institution ? [f.institution] : await institutionsOf(doc, table, f.requestNo);
    partitions = institutions.map((i) => ({ index: 'gsi2', pk: `SENDREQ#${i}#${f.requestNo}` }));
    filters.channel = f.channel;
  } else if (f.channel) {
    partitions = daysBack(f, now).map((day) => ({ index: 'gsi3', pk: `SENDCH#${f.channel}#${day}` }));
    filters.institution = f.institution;
  } else {
    partitions = daysBack(f, now).map((day) => ({ index: 'gsi1', pk: `SENDDAY#${day}` }));
    filters.institution = f.institution;
  }
  return queryPartitions(doc, { table, partitions, filters, limit: f.limit, cursor: f.cursor, view: sendRecordView });
};

export const getSendRecord = async (doc: DynamoDBDocumentClient, table: string, sendId: string) => {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `SEND#${sendId}`, sk: 'META' } }));
  if (!Item) throw new DomainError('NOT_FOUND', `发送记录 ${sendId} 不存在`);
  return sendRecord.parse(Item);
};

export const querySendRecordUsers = async (doc: DynamoDBDocumentClient, table: string, f: Paging & { sendId: string }) =>
  pageOfList((await getSendRecord(doc, table, f.sendId)).recipients, f.limit, f.cursor);

/** userKey → the user's inbox partition (sorted by time); else gsi1 INBOXDAY# day by day. */
export const queryInbox = (doc: DynamoDBDocumentClient, table: string, f: Range & Paging & { userKey?: string | undefined }, now: Date) => {
  const sk = timeRange(f);
  const partitions: Partition[] = f.userKey
    ? [{ pk: `INBOX#${f.userKey}`, ...(sk ? { sk } : {}) }]
    : daysBack(f, now).map((day) => ({ index: 'gsi1' as const, pk: `INBOXDAY#${day}` }));
  return queryPartitions(doc, { table, partitions, limit: f.limit, cursor: f.cursor, view: (item) => inboxMessage.parse(item) });
};
