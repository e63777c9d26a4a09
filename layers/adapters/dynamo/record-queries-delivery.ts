import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayOfSendId, sendIdPrefixOf } from '#core/delivery/ids';
import { addressHash } from '#core/delivery/log-provider-calls';
import { normaliseMobile } from '#core/interception/normalise';
import { REQUEST_SK_PREFIX, requestKey } from './message-keys.ts';
import { smsLogPartition, smsReportPartition } from './record-keys.ts';
import { daysBack, queryPartitions, withoutKeys, type Partition } from './record-queries.ts';

// 短信发送日志 (MSG_LOG) and 短信状态报告 (MSG_REPORT): day partitions sorted by our message id
// (docs/ARCHITECTURE.md → messages), so a send record's or a request's entries are one key prefix;
// the other filters apply inside the days.

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

/** A send record's entries are in one shard (sharded by send id); a request's spread over the day's shards. */
const scopedPartitions = async (doc: DynamoDBDocumentClient, table: string, f: Listing & Scope, now: Date, partition: DayPartitions): Promise<Partition[]> => {
  if (f.sendId) {
    const day = dayOfSendId(f.sendId);
    return day ? [{ pk: partition.ofSend(day, f.sendId), sk: { beginsWith: `${f.sendId}#` } }] : [];
  }
  if (f.requestNo) {
    const requests = await requestScopes(doc, table, f.requestNo, f.institution);
    return requests.map((r) => ({ ...partition.day(r.createdAt.slice(0, 10)), sk: { beginsWith: sendIdPrefixOf(r) } }));
  }
  return daysBack(f, now).map((day) => partition.day(day));
};

/** An exact address search: the log keeps a hash of the normalised address, never the address in the clear. */
const hashOfSearched = (address: string) => addressHash(address.includes('@') ? 'EMAIL' : 'SMS', address);

export const querySmsLogs = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; provider?: string | undefined; outcome?: string | undefined },
  now: Date,
) =>
  queryPartitions(doc, {
    table,
    partitions: await scopedPartitions(doc, table, f, now, smsLogPartition),
    filters: {
      institution: f.requestNo ? undefined : f.institution,
      provider: f.provider,
      outcome: f.outcome,
      toHash: f.mobile ? hashOfSearched(f.mobile) : undefined,
    },
    limit: f.limit,
    cursor: f.cursor,
    view: withoutKeys,
  });

export const querySmsReports = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & Scope & { mobile?: string | undefined; channel?: string | undefined; receiveStatus?: string | undefined; result?: string | undefined },
  now: Date,
) =>
  queryPartitions(doc, {
    table,
    partitions: await scopedPartitions(doc, table, f, now, smsReportPartition),
    filters: {
      institution: f.requestNo ? undefined : f.institution,
      mobile: f.mobile ? (f.mobile.includes('@') ? f.mobile.trim() : normaliseMobile(f.mobile)) : undefined,
      channel: f.channel,
      receiveStatus: f.receiveStatus,
      result: f.result,
    },
    limit: f.limit,
    cursor: f.cursor,
    view: withoutKeys,
  });
