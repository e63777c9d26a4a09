import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayOfSendId, sendIdPrefixOf } from '#core/delivery/ids';
import { addressHash } from '#core/delivery/log-provider-calls';
import { normaliseMobile } from '#core/interception/normalise';
import type { ChannelKind } from '#contracts/config-common';
import { sendRecord, type SendRecord } from '#contracts/records';
import { carriedCall, carriedReport, reportedAddress } from '#core/delivery/carried-rows';
import { REQUEST_SK_PREFIX, requestKey, sendDayShards, sendKey } from './message-keys.ts';
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

/** Where the rows are: one send record's, a request's, or each day's; with what carries rows of the same scope (`with`). */
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
      return { ...partition.day(day), sk, ...carriers(sendDayShards(day).shards ?? [sendDayShards(day).pk], sk) };
    });
  }
  return daysBack(f, now).map((day) => ({ ...partition.day(day), ...carriers(sendDayShards(day).shards ?? [sendDayShards(day).pk]) }));
};

/** An exact address search: the log keeps a hash of the normalised address, never the address in the clear. */
const hashOfSearched = (address: string) => addressHash(address.includes('@') ? 'EMAIL' : 'SMS', address);

/** A listing row: an item of its own, or the row a send record carries (carried-rows.ts). */
const rowOf =
  <T>(carried: (record: SendRecord) => T | undefined) =>
  (item: Record<string, unknown>): T | Record<string, unknown> => {
    if (!Array.isArray(item.recipients)) return withoutKeys(item);
    const row = carried(sendRecord.parse(item));
    if (!row) throw new Error(`send record ${String(item.sendId)} was read as a carrier but carries no row`);
    return row;
  };

/** The first recipient of a carrying record, as stored. */
const soleRecipient = (item: Record<string, unknown>) => (Array.isArray(item.recipients) ? (item.recipients[0] as Record<string, unknown> | undefined) : undefined);

export const querySmsLogs = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; provider?: string | undefined; outcome?: string | undefined },
  now: Date,
) => {
  const institution = f.requestNo ? undefined : f.institution;
  const toHash = f.mobile ? hashOfSearched(f.mobile) : undefined;
  // A record carries only an accepted call.
  const carrying: Omit<Carriers, 'shards' | 'sk'> | undefined =
    f.outcome && f.outcome !== 'ACCEPTED'
      ? undefined
      : {
          has: ['recipients', 0, 'provider'],
          filters: { institution },
          keep: (item) => {
            const r = soleRecipient(item);
            return !!r && (!f.provider || r.provider === f.provider) && (!toHash || addressHash(item.channel as ChannelKind, String(r.to)) === toHash);
          },
        };
  return queryPartitions(doc, {
    table,
    partitions: await scopedPartitions(doc, table, f, now, smsLogPartition, carrying),
    filters: { institution, provider: f.provider, outcome: f.outcome, toHash },
    limit: f.limit,
    cursor: f.cursor,
    view: rowOf(carriedCall),
  });
};

export const querySmsReports = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; channel?: string | undefined; receiveStatus?: string | undefined; result?: string | undefined },
  now: Date,
) => {
  const institution = f.requestNo ? undefined : f.institution;
  const mobile = f.mobile ? (f.mobile.includes('@') ? f.mobile.trim() : normaliseMobile(f.mobile)) : undefined;
  // A record carries only the report that made it final (APPLIED).
  const carrying: Omit<Carriers, 'shards' | 'sk'> | undefined =
    f.result && f.result !== 'APPLIED'
      ? undefined
      : {
          has: ['recipients', 0, 'reportId'],
          filters: { institution, channel: f.channel },
          keep: (item) => {
            const r = soleRecipient(item);
            return !!r && (!f.receiveStatus || r.status === f.receiveStatus) && (!mobile || reportedAddress(item.channel as ChannelKind, String(r.to)) === mobile);
          },
        };
  return queryPartitions(doc, {
    table,
    partitions: await scopedPartitions(doc, table, f, now, smsReportPartition, carrying),
    filters: { institution, mobile, channel: f.channel, receiveStatus: f.receiveStatus, result: f.result },
    limit: f.limit,
    cursor: f.cursor,
    view: rowOf(carriedReport),
  });
};
