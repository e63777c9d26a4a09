import * as z from 'zod/mini';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordFilters, type RecordKind } from '#contracts/admin';
import { recordQueryOf, recordRoutes, type RecordFilterName, type RecordQuery } from '#contracts/admin-routes-records';
import { channelKind } from '#contracts/config-common';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { readWithSight } from '#core/admin/read-with-sight';
import type { AuditLog } from '#core/admin/ports';
import { createAuditLog, queryAudit } from '#adapters/dynamo/audit-store';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { dashboard } from '#adapters/dynamo/record-queries-dashboard';
import { deliveryOverview, queryRequestsWithOutcome, withOutcomes } from '#adapters/dynamo/record-queries-outcomes';
import { queryFileDetails, queryFileRequests, queryImportRequests } from '#adapters/dynamo/record-queries-files';
import { queryCaptchaRecords, queryInterceptRecords, queryInterceptedRequests } from '#adapters/dynamo/record-queries-logs';
import { querySmsLogs, querySmsReports } from '#adapters/dynamo/record-queries-delivery';
import {
  getRequest,
  getSendRecord,
  queryInbox,
  queryRequestUsers,
  querySendRecordUsers,
  querySendRecords,
} from '#adapters/dynamo/record-queries-messages';
import { querySwitchLogs } from '#adapters/dynamo/switch-log-store';
import { messageRequest } from '#contracts/records';
import { adminRouter, queryOf, type AdminRequest } from '#runtime/admin-router';
import { parseOrThrow } from '#runtime/validation';

// adminRecords' handlers, one per row of recordRoutes: read-only listings, each seed filter served
// by a key or an index (docs/ARCHITECTURE.md).

export interface RecordRouteDeps {
  doc: DynamoDBDocumentClient;
  tables: { messages: string; captcha: string; audit: string };
  config: ConfigReader;
  /** Where reads that show personal data in the clear are recorded (default: the audit table). */
  audit?: AuditLog;
  now?: () => Date;
}

type FilterName = RecordFilterName;
type Query = RecordQuery;
const PAGING = new Set(['limit', 'cursor', 'from', 'to']);

/** The kind's query: its own filters only, so a filter the page does not offer is an error, not ignored. */
const queryFor = (kind: RecordKind, r: AdminRequest): Query => {
  const own = new Set<string>(recordFilters[kind]);
  const unknown = Object.keys((r.query ?? {}) as object).find((name) => !own.has(name) && !PAGING.has(name));
  if (unknown) throw new DomainError('VALIDATION', `${unknown}: ${kind} 不支持这个查询条件 (not a filter of ${kind}; filters: ${[...own].join(', ')})`, unknown);
  return queryOf(recordQueryOf(kind), r) as unknown as Query;
};
const need = (q: Query, fields: FilterName[]): Record<FilterName, string> => {
  const missing = fields.find((f) => !q[f]);
  if (missing) throw new DomainError('VALIDATION', `${missing}: 必填 (required)`, missing);
  return q as Record<FilterName, string>;
};
const channelOf = (q: Query) => parseOrThrow(z.optional(channelKind()), q.channel, 'channel');

export const recordsRouter = (deps: RecordRouteDeps) => {
  const now = () => (deps.now ?? (() => new Date()))();
  const { doc, tables } = deps;
  // Every answer passes the least-sight policy: masked below the role, audited when shown in the clear.
  const sightDeps = { audit: deps.audit ?? createAuditLog(doc, tables.audit), now, newId: randomUUID };
  const seen = <T>(r: AdminRequest, kind: string, filter: Record<string, unknown>, result: T) =>
    readWithSight(sightDeps, r.principal, { kind, filter, outbox: kind === 'outbox' }, result);
  const configOfMethod = async (methodId: string) => (await deps.config.get('dispatchMethod', methodId))?.dispatchConfigId;

  const listings: Record<RecordKind, (q: Query) => Promise<unknown>> = {
    requests: (q) => queryRequestsWithOutcome(doc, tables.messages, q, now()),
    'request-users': (q) => {
      const { institution, requestNo } = need(q, ['institution', 'requestNo']);
      return queryRequestUsers(doc, tables.messages, { ...q, institution, requestNo });
    },
    'send-records': (q) => querySendRecords(doc, tables.messages, { ...q, channel: channelOf(q) }, now()),
    'send-record-users': (q) => querySendRecordUsers(doc, tables.messages, { ...q, sendId: need(q, ['sendId']).sendId }),
    inbox: (q) => queryInbox(doc, tables.messages, q, now()),
    'captcha-records': (q) => queryCaptchaRecords(doc, tables.captcha, q, now()),
    'intercept-records': (q) => queryInterceptRecords(doc, tables.messages, q, now()),
    'intercepted-requests': (q) => queryInterceptedRequests(doc, tables.messages, q, now()),
    'sms-logs': (q) => querySmsLogs(doc, tables.messages, q, now()),
    'sms-reports': (q) => querySmsReports(doc, tables.messages, q, now()),
    'file-requests': (q) => queryFileRequests(doc, tables.messages, q, now()),
    'file-details': (q) => queryFileDetails(doc, tables.messages, q, now()),
    'switch-logs': (q) => querySwitchLogs(doc, tables.audit, q, now(), configOfMethod),
    'import-requests': (q) => queryImportRequests(doc, tables.messages, q, now()),
    outbox: (q) => queryOutbox(doc, tables.messages, { ...q, channel: channelOf(q) }, now()),
    audit: (q) => queryAudit(doc, tables.audit, q, now()),
  };

  return adminRouter(recordRoutes, {
    me: async ({ principal }) => ({ username: principal.username, role: principal.role }),
    dashboard: async ({ request, query }) => {
      const day = query.date ?? now().toISOString().slice(0, 10);
      const [counts, outcomes] = await Promise.all([dashboard(doc, tables.messages, day), deliveryOverview(doc, tables.messages, day)]);
      return seen(request, 'dashboard', { date: day }, { ...counts, ...outcomes });
    },
    request: async ({ request: r, params }) => {
      const { institution, requestNo } = params;
      const [request] = await withOutcomes(doc, tables.messages, [messageRequest().parse(await getRequest(doc, tables.messages, institution, requestNo))]);
      const users = await queryRequestUsers(doc, tables.messages, { institution, requestNo, limit: 100 });
      return seen(r, 'requests', params, { ...request!, users: users.items, ...(users.cursor ? { usersCursor: users.cursor } : {}) });
    },
    sendRecord: async ({ request, params }) => seen(request, 'send-records', params, await getSendRecord(doc, tables.messages, params.sendId)),
    list: async ({ params: { kind }, request }) => {
      const query = queryFor(kind, request);
      const { limit: _limit, cursor: _cursor, ...filter } = query;
      return seen(request, kind, filter, await listings[kind](query));
    },
    outbox: async ({ query, request }) => {
      const { limit: _limit, cursor: _cursor, ...filter } = query;
      return seen(request, 'outbox', filter, await queryOutbox(doc, tables.messages, query));
    },
  });
};
