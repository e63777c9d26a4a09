import * as z from 'zod/mini';
import { adminRouteTable, READ_ERRORS } from './admin-route.ts';
import { dateRange, filterValue, meView, outboxQuery, pageOf, pageQuery, recordFilters, recordKinds, type RecordKind } from './admin.ts';
import { outboxEntry } from './records.ts';

// adminRecords' routes: /api/admin/me, /api/admin/records/… and /api/admin/outbox, all reads
// (handlers: functions/http/admin/records-routes.ts).

const filterText = z.optional(filterValue());
export type RecordFilterName = (typeof recordFilters)[RecordKind][number];
/** What a listing reads: paging, the date range and any kind's filters (each kind parses its own). */
export type RecordQuery = z.infer<typeof pageQuery> & z.infer<typeof dateRange> & Partial<Record<RecordFilterName, string>>;
/**
 * Per kind, so one kind's filter does not loosen another's paging: outbox's `to` is an address,
 * everyone else's `to` is a real date. The listing row validates by its kind's schema itself.
 */
export const recordQueryOf = (kind: RecordKind) => z.extend(z.extend(pageQuery, dateRange.shape), Object.fromEntries(recordFilters[kind].map((f: string) => [f, filterText])));

const anyItem = z.record(z.string(), z.unknown());

export const recordRoutes = adminRouteTable({
  me: { method: 'GET', path: '/api/admin/me', role: 'viewer', result: () => meView, summary: '当前用户 (who am I)', errors: READ_ERRORS },
  dashboard: {
    method: 'GET', path: '/api/admin/records/dashboard', role: 'viewer', query: z.object({ date: dateRange.shape.to.check(z.describe('yyyy-mm-dd, default today (UTC)')) }),
    result: () => anyItem, summary: '首页统计 (the day by status and channel, recent failures)', errors: READ_ERRORS,
  },
  request: {
    method: 'GET', path: '/api/admin/records/requests/{institution}/{requestNo}', role: 'viewer', params: z.object({ institution: z.string(), requestNo: z.string() }),
    result: () => anyItem, summary: '请求详情 (with its first 100 users; usersCursor → request-users)', errors: READ_ERRORS,
  },
  sendRecord: {
    method: 'GET', path: '/api/admin/records/send-records/{sendId}', role: 'viewer', params: z.object({ sendId: z.string() }),
    result: () => anyItem, summary: '发送记录详情 (with its recipients)', errors: READ_ERRORS,
  },
  list: {
    method: 'GET', path: '/api/admin/records/{kind}', role: 'viewer', params: z.object({ kind: z.enum(recordKinds) }),
    result: () => pageOf(anyItem), summary: '记录查询 (record listings)', errors: READ_ERRORS,
    description: 'limit, cursor, from, to (yyyy-mm-dd; outbox: to is the address) and the filters per kind: recordFilters in layers/contracts/admin.ts (a filter the kind does not offer is 10001); each served by a key or an index, newest first.',
  },
  outbox: {
    method: 'GET', path: '/api/admin/outbox', role: 'viewer', query: outboxQuery, result: () => pageOf(outboxEntry()), errors: READ_ERRORS,
    summary: '发件箱 (what the OUTBOX provider recorded instead of sending)',
    description: 'Newest first, today back 30 days; channel, to and requestNo are exact filters.',
  },
});
