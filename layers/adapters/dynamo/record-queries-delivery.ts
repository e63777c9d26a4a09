import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayOfSendId, sendIdPrefixOf } from '#core/delivery/ids';
import { addressHash } from '#core/delivery/log-provider-calls';
import { normaliseMobile } from '#core/interception/normalise';
import { sendRecord, type SendRecord } from '#contracts/records';
import { carriedCall, carriedReport } from '#core/delivery/carried-rows';
import { DAY_KINDS, dayShardKeys } from './day-partition.ts';
import { REQUEST_SK_PREFIX, requestKey, sendKey } from './message-keys.ts';
import { smsLogPartition, smsReportPartition } from './record-keys.ts';
import { daysBack, queryPartitions, withoutKeys, type Carriers, type Partition } from './record-queries.ts';

// 短信发送日志 (MSG_LOG) and 短信状态报告 (MSG_REPORT): day partitions sorted by our message id
// (docs/ARCHITECTURE.md → messages), so a send record's or a request's entries are one key prefix;
// the other filters apply inside the days. A one-recipient send record carries its accepted call and
// its final report (core/delivery/carried-rows.ts): the send records' partitions of the same scope are
// read beside these and merged in the same order (a send id sorts just before its own entries).

interface Listing {
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}
type Scope = { requestNo?: string | undefined; sendId?: string | undefined; institution?: string | undefined };

/** Where the request's entries are: its day, its send ids' prefix (one per institution that used the number). */
const requestScopes = async (doc: DynamoDBDocumentClient, table: string, requestNo: string, institution: string | undefined) => {
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': requestKey('', requestNo).pk, ':sk': institution ? requestKey(institution, requestNo).sk : REQUEST_SK_PREFIX },
      ProjectionExpression: 'institution, requestNo, createdAt',
    }),
  );
  return Items.map((item) => ({ institution: String(item.institution), requestNo, createdAt: String(item.createdAt) }));
};

type DayPartitions = { day: (day: string) => { pk: string; shards?: string[] }; ofSend: (day: string, sendId: string) => string };

/** Where the rows are: one send record's, a request's, or each day's; with the send records of the same scope when they may carry rows. */
const scopedPartitions = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope,
  now: Date,
  partition: DayPartitions,
  carrying: Omit<Carriers, 'shards' | 'sk'> | undefined,
): Promise<Partition[]> => {
  const carriers = (shards: string[], sk?: Carriers['sk']) => (carrying ? { carriers: { ...carrying, shards, ...(sk ? { sk } : {}) } } : {});
  // A send record's entries are in one shard (sharded by send id); a request's spread over the day's shards.
  if (f.sendId) {
    const day = dayOfSendId(f.sendId);
    const record = sendKey(f.sendId);
    return day && record ? [{ pk: partition.ofSend(day, f.sendId), sk: { beginsWith: `${f.sendId}#` }, ...carriers([record.pk], { eq: f.sendId }) }] : [];
  }
  if (f.requestNo) {
    const requests = await requestScopes(doc, table, f.requestNo, f.institution);
    return requests.map((r) => {
      const day = r.createdAt.slice(0, 10);
      const sk = { beginsWith: sendIdPrefixOf(r) };
      return { ...partition.day(day), sk, ...carriers(dayShardKeys(DAY_KINDS.send, day), sk) };
    });
  }
  return daysBack(f, now).map((day) => ({ ...partition.day(day), ...carriers(dayShardKeys(DAY_KINDS.send, day)) }));
};

/** An exact address search: the log keeps a hash of the normalised address, never the address in the clear. */
const hashOfSearched = (address: string) => addressHash(address.includes('@') ? 'EMAIL' : 'SMS', address);

/**
 * Rows carried by send records (carried-rows.ts), filtered by the same `filters` as the items (on
 * the row the page shows), and the page's view: a carrier shows its row, an item itself.
 * `institution` and `channel` sit on the record as on the row, so DynamoDB filters those first.
 */
const carriedRows = <T extends Record<string, unknown>>(carried: (record: SendRecord) => T | undefined, has: Carriers['has'], filters: Record<string, string | undefined>) => {
  const rows = new WeakMap<object, T>();
  const keep = (item: Record<string, unknown>) => {
    const row = carried(sendRecord().parse(item));
    if (!row || !Object.entries(filters).every(([field, value]) => !value || row[field] === value)) return false;
    rows.set(item, row);
    return true;
  };
  return {
    spec: { has, filters: { institution: filters.institution, channel: filters.channel }, keep } satisfies Omit<Carriers, 'shards' | 'sk'>,
    view: (item: Record<string, unknown>): T | Record<string, unknown> => rows.get(item) ?? withoutKeys(item),
  };
};

export const querySmsLogs = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; provider?: string | undefined; outcome?: string | undefined },
  now: Date,
) => {
  const filters = { institution: f.requestNo ? undefined : f.institution, provider: f.provider, outcome: f.outcome, toHash: f.mobile ? hashOfSearched(f.mobile) : undefined };
  const carriers = carriedRows(carriedCall, ['recipients', 0, 'provider'], filters);
  return queryPartitions(doc, {
    table,
    // A record carries only an accepted call: for another outcome its partitions are not read at all.
    partitions: await scopedPartitions(doc, table, f, now, smsLogPartition, f.outcome && f.outcome !== 'ACCEPTED' ? undefined : carriers.spec),
    filters,
    limit: f.limit,
    cursor: f.cursor,
    view: carriers.view,
  });
};

export const querySmsReports = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; channel?: string | undefined; receiveStatus?: string | undefined; result?: string | undefined },
  now: Date,
) => {
  const filters = {
    institution: f.requestNo ? undefined : f.institution,
    mobile: f.mobile ? (f.mobile.includes('@') ? f.mobile.trim() : normaliseMobile(f.mobile)) : undefined,
    channel: f.channel,
    receiveStatus: f.receiveStatus,
    result: f.result,
  };
  const carriers = carriedRows(carriedReport, ['recipients', 0, 'reportId'], filters);
  return queryPartitions(doc, {
    table,
    // A record carries only the report that made it final (APPLIED).
    partitions: await scopedPartitions(doc, table, f, now, smsReportPartition, f.result && f.result !== 'APPLIED' ? undefined : carriers.spec),
    filters,
    limit: f.limit,
    cursor: f.cursor,
    view: carriers.view,
  });
};
