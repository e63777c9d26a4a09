import * as z from 'zod/mini';
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { deliveryOutcome, messageRequest, sendRecipient, type DeliveryOutcome, type MessageRequest } from '#contracts/records';
import { requestOutcome } from '#core/delivery/delivery-outcome';
import { requestDayShards, sendDayShards, sendKey } from './message-keys.ts';
import { queryRequests, type RequestFilter } from './record-queries-messages.ts';
import { fetchItems } from './record-queries.ts';

// The delivery outcome as the admin centre shows it (SPEC §9): a request of several send records
// carries its rolled-up outcome; a request of one record reads it from that record (which is why no
// request write is spent per delivery). Also the dashboard's outcome counts, delivery rate and
// failures by reason.

type Listed = MessageRequest & Record<string, unknown>;

const outcomeOfItem = (value: unknown): DeliveryOutcome | undefined => deliveryOutcome.safeParse(value).data;

/** The requests with `outcome` set: stored, read from the only record, or from the processing status. */
export const withOutcomes = async <T extends Pick<MessageRequest, 'status' | 'attempts' | 'outcome' | 'outcomeSendId'>>(doc: DynamoDBDocumentClient, table: string, requests: T[]) => {
  const keys = requests.flatMap((r) => (r.status === 'SUCCESS' && !r.outcome && r.outcomeSendId ? [sendKey(r.outcomeSendId)].filter((k) => k !== undefined) : []));
  const records = await fetchItems(doc, table, keys, ['sendId', 'outcome']);
  const bySendId = new Map(records.map((item) => [String(item.sendId), outcomeOfItem(item.outcome)]));
  return requests.map((r) => ({
    ...r,
    outcome: r.status === 'SUCCESS' ? (r.outcome ?? (r.outcomeSendId ? bySendId.get(r.outcomeSendId) : undefined) ?? 'PENDING') : requestOutcome(r, []),
  }));
};

const PAGES_FOR_OUTCOME_FILTER = 10;

/** The requests listing with outcomes; an outcome filter applies after they are resolved, reading on until the page is full. */
export const queryRequestsWithOutcome = async (doc: DynamoDBDocumentClient, table: string, f: RequestFilter & { outcome?: string | undefined }, now: Date) => {
  const { outcome, ...filter } = f;
  const items: Listed[] = [];
  let cursor = filter.cursor;
  for (let pages = 0; pages < PAGES_FOR_OUTCOME_FILTER; pages++) {
    const page = await queryRequests(doc, table, { ...filter, cursor }, now);
    const resolved = await withOutcomes(doc, table, page.items as Listed[]);
    items.push(...resolved.filter((r) => !outcome || r.outcome === outcome));
    cursor = page.cursor;
    if (!outcome || !cursor || items.length >= filter.limit) break;
  }
  return { items, ...(cursor ? { cursor } : {}) };
};

const MAX_COUNTED = 50_000;
const FAILED_RECIPIENT = new Set(['UNDELIVERED', 'UNSENDABLE', 'CANCELLED']);

/** 首页: one day's requests by delivery outcome, the recipients' delivery rate, and why recipients failed. */
export const deliveryOverview = async (doc: DynamoDBDocumentClient, table: string, date: string) => {
  const outcomes: Record<string, number> = {};
  const failuresByReason: Record<string, number> = {};
  let delivered = 0;
  let failed = 0;
  let truncated = false;
  const count = (o: string) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
  // Every shard of the day (day-partition.ts); MAX_COUNTED bounds the items read per shard.
  const shardsOf = (p: { pk: string; shards?: string[] }) => p.shards ?? [p.pk];
  let start: Record<string, unknown> | undefined;
  let seen = 0;
  for (const shard of shardsOf(sendDayShards(date))) {
    start = undefined;
    seen = 0;
    do {
      const page: QueryCommandOutput = await doc.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': shard }, ProjectionExpression: 'outcome, soleRecord, #s, recipients', ExpressionAttributeNames: { '#s': 'status' }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        if (item.soleRecord === true) count(outcomeOfItem(item.outcome) ?? 'PENDING');
        const finalRecord = item.status !== 'UNSENT' && item.status !== 'SENDING' && item.status !== 'FAILED';
        for (const raw of (item.recipients as unknown[] | undefined) ?? []) {
          const r = z.pick(sendRecipient(), { status: true, error: true, reportStatus: true }).safeParse(raw).data;
          if (!r) continue;
          if (r.status === 'DELIVERED') delivered++;
          else if (FAILED_RECIPIENT.has(r.status) || (finalRecord && r.status === 'FAILED')) {
            failed++;
            const reason = (r.reportStatus ?? r.error ?? r.status).slice(0, 80);
            failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
          }
        }
      }
      seen += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && seen < MAX_COUNTED);
    truncated ||= Boolean(start);
  }
  for (const shard of shardsOf(requestDayShards(date))) {
    start = undefined;
    seen = 0;
    do {
      const page: QueryCommandOutput = await doc.send(
        new QueryCommand({ TableName: table, IndexName: 'day', KeyConditionExpression: 'daypk = :pk', ExpressionAttributeValues: { ':pk': shard }, ExclusiveStartKey: start }),
      );
      const requests = await fetchItems(doc, table, page.Items ?? [], ['status', 'attempts', 'outcome', 'outcomeSendId']);
      for (const item of requests) {
        // A request of one record was counted with its record above.
        if (item.status === 'SUCCESS' && item.outcomeSendId && !item.outcome) continue;
        const request = z.pick(messageRequest(), { status: true, attempts: true, outcome: true }).parse(item);
        count(request.status === 'SUCCESS' ? (request.outcome ?? 'PENDING') : requestOutcome(request, []));
      }
      seen += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && seen < MAX_COUNTED);
    truncated ||= Boolean(start);
  }
  const top = Object.entries(failuresByReason).sort(([, a], [, b]) => b - a).slice(0, 10);
  return {
    requestsByOutcome: outcomes,
    deliveryRate: delivered + failed > 0 ? Math.round((delivered / (delivered + failed)) * 10_000) / 10_000 : null,
    recipientsDelivered: delivered,
    recipientsFailed: failed,
    failuresByReason: Object.fromEntries(top),
    outcomesTruncated: truncated,
  };
};
