import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { captchaRecord } from '#contracts/captcha';
import { interceptRecord, interceptedRequest } from '#contracts/records';
import { shanghaiDay } from '#core/captcha/code';
import { normaliseMobile } from '#core/interception/normalise';
import { daysBack, queryPartitions, timeRange, type Partition } from './record-queries.ts';
import { DAY_KINDS, dayShards } from './day-partition.ts';

// 验证码发送记录, 拦截记录, 拦截请求 (MSG_LOG and MSG_REPORT: record-queries-delivery.ts): the key
// layouts are in docs/ARCHITECTURE.md; every seed filter is a key or an index partition.

interface Listing {
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** One exact-key partition when `key` is given (sorted by time, dates narrow it), else the day partitions. */
const keyOrDays = (f: Listing, now: Date, key: Partition | undefined, dayIndex: Partition['index'], dayOf: (day: string) => { pk: string; shards?: string[] }): Partition[] => {
  if (key) {
    const sk = timeRange(f);
    return [{ ...key, ...(sk ? { sk } : {}) }];
  }
  return daysBack(f, now).map((day) => ({ ...(dayIndex ? { index: dayIndex } : {}), ...dayOf(day) }));
};

/** The phone in full (support needs it); the code hash and the sealed SMS text never leave. */
const captchaView = (item: Record<string, unknown>) => {
  const { codeHash: _hash, sealedContent: _sealed, ...record } = captchaRecord().parse(item);
  return record;
};

export const queryCaptchaRecords = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & { phone?: string | undefined; bizCode?: string | undefined; status?: string | undefined },
  now: Date,
) => {
  const phone = f.phone ? normaliseMobile(f.phone) : undefined;
  // A captcha record's day is China's (the seed counts sends per phone per day there): from 16:00 UTC,
  // today's records are already under tomorrow's UTC date.
  const partitions = keyOrDays(f, new Date(`${shanghaiDay(now)}T12:00:00Z`), phone ? { index: 'gsi2', pk: `CAPPHONE#${phone}` } : undefined, 'gsi1', (day) => dayShards(DAY_KINDS.captcha, day));
  return queryPartitions(doc, { table, partitions, filters: { bizCode: f.bizCode, status: f.status }, limit: f.limit, cursor: f.cursor, view: captchaView });
};

/** mobile → gsi2 (normalised as stored), deviceNo → gsi3, else by day (the seed's 日期). */
export const queryInterceptRecords = (doc: DynamoDBDocumentClient, table: string, f: Listing & { mobile?: string | undefined; deviceNo?: string | undefined }, now: Date) => {
  const key: Partition | undefined = f.mobile
    ? { index: 'gsi2', pk: `ICPTMOB#${normaliseMobile(f.mobile)}` }
    : f.deviceNo
      ? { index: 'gsi3', pk: `ICPTDEV#${f.deviceNo}` }
      : undefined;
  const partitions = keyOrDays(f, now, key, 'gsi1', (day) => dayShards(DAY_KINDS.intercept, day));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { deviceNo: f.mobile ? f.deviceNo : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => interceptRecord().parse(item),
  });
};

/** requestNo → gsi2 (institution narrows the sort key), bizType → gsi3, else by day; institution filtered within. */
export const queryInterceptedRequests = (
  doc: DynamoDBDocumentClient,
  table: string,
  f: Listing & { requestNo?: string | undefined; institution?: string | undefined; bizType?: string | undefined },
  now: Date,
) => {
  const partitions: Partition[] = f.requestNo
    ? [{ index: 'gsi2', pk: `ICPTREQNO#${f.requestNo}`, ...(f.institution ? { sk: { eq: f.institution } } : {}) }]
    : keyOrDays(f, now, f.bizType ? { index: 'gsi3', pk: `ICPTREQBIZ#${f.bizType}` } : undefined, 'gsi1', (day) => dayShards(DAY_KINDS.interceptedRequest, day));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { institution: f.requestNo ? undefined : f.institution, bizType: f.requestNo ? f.bizType : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => interceptedRequest().parse(item),
  });
};
