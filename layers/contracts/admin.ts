import * as z from 'zod/mini';
import { channelKind } from './config-common.ts';
import { calendarDate, described, idText } from './primitives.ts';
import { adminRole, type AdminRole } from './audit.ts';
import type { ConfigEntityName } from './config-registry.ts';

// The admin API's contract (docs/ARCHITECTURE.md → Admin API): roles, the seed's filters per page,
// record kinds; the audit entry and the switch log (audit.ts, re-exported). The admin web imports this file.

export { adminRole, type AdminRole } from './audit.ts';

/**
 * Exact-match list filters per configuration entity (the seed's 精确查询), as query parameters of
 * `GET /api/admin/config/{entity}`. A dotted name reads a nested field (`match.bizType`).
 */
export const configFilters = {
  institution: ['code', 'name', 'enabled'],
  apiKey: ['institution'],
  bizType: ['code', 'name', 'enabled'],
  channelType: ['code', 'name'],
  channel: ['channelTypeCode', 'channelNo'],
  channelMapping: ['channelTypeCode', 'channelNo'],
  deviceType: ['code', 'platform'],
  template: ['id', 'name'],
  sendType: ['id', 'channel', 'provider'],
  dispatchConfig: ['id', 'name', 'match.bizType', 'match.institution', 'enabled'],
  dispatchMethod: ['dispatchConfigId', 'sendTypeId', 'id'],
  parameter: ['code', 'name'],
  dict: ['parentId', 'code'],
  captchaScene: ['bizCode', 'enabled'],
  blacklist: ['kind', 'value', 'bizType'],
  whitelist: ['kind', 'value', 'bizType'],
  emailDomain: ['domain'],
  filterStrategy: ['id', 'name'],
  filterStrategyRel: ['strategyId', 'bizType'],
  productType: ['code', 'name'],
  product: ['code', 'productTypeCode', 'enabled'],
  productMapping: ['externalCode', 'productCode'],
  partner: ['code', 'provider', 'enabled'],
  partnerLink: ['sendTypeId', 'partnerCode'],
  partnerMapping: ['partnerCode', 'kind', 'ourCode'],
} as const satisfies Record<ConfigEntityName, readonly string[]>;

/** Operators keep the interception lists; everything else is the admin's. Everyone reads. */
export const configWriteRole = (entity: ConfigEntityName): AdminRole =>
  entity === 'blacklist' || entity === 'whitelist' || entity === 'emailDomain' ? 'operator' : 'admin';

/** Entities written only through their own routes (keys are issued, never typed in). */
export const readOnlyConfigEntities: readonly ConfigEntityName[] = ['apiKey'];

export const PAGE_LIMIT_MAX = 100;
export const pageQuery = z.object({
  limit: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(PAGE_LIMIT_MAX)), 20),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

/** Date range of a listing by time (inclusive days, UTC); default the last 30 days. Real days only. */
export const dateRange = z.object({ from: z.optional(calendarDate()), to: z.optional(calendarDate()) });

/** An exact-match filter value of an admin listing: an id or code as the operator typed it. */
export const filterValue = () => idText(256);

export const recordKinds = [
  'requests', 'request-users', 'send-records', 'send-record-users', 'inbox', 'captcha-records', 'intercept-records',
  'intercepted-requests', 'sms-logs', 'sms-reports', 'file-requests', 'file-details', 'switch-logs', 'import-requests',
  'outbox', 'audit',
] as const;
export type RecordKind = (typeof recordKinds)[number];

/** Exact-match filters per record kind; each is served by a key or index (docs/ARCHITECTURE.md). */
export const recordFilters = {
  requests: ['requestNo', 'institution', 'bizType', 'status', 'outcome', 'mobile', 'email', 'userId', 'custNo'],
  'request-users': ['institution', 'requestNo'],
  'send-records': ['requestNo', 'institution', 'channel', 'status', 'mobile', 'email', 'userId', 'custNo'],
  'send-record-users': ['sendId'],
  inbox: ['userKey'],
  'captcha-records': ['phone', 'bizCode', 'status'],
  'intercept-records': ['mobile', 'deviceNo'],
  'intercepted-requests': ['requestNo', 'institution', 'bizType'],
  'sms-logs': ['requestNo', 'sendId', 'mobile', 'provider', 'outcome', 'institution'],
  'sms-reports': ['requestNo', 'sendId', 'mobile', 'channel', 'receiveStatus', 'result'],
  'file-requests': ['id', 'detailFilePath', 'status'],
  'file-details': ['id', 'fileRequestId', 'status'],
  'switch-logs': ['dispatchConfigId', 'bizType', 'dispatchMethodId'],
  'import-requests': ['batchNo', 'status'],
  outbox: ['channel', 'to', 'requestNo'],
  audit: ['entity', 'user'],
} as const satisfies Record<RecordKind, readonly string[]>;

export { auditEntry, switchLog, type AuditEntry, type SwitchLog } from './audit.ts';

export const meView = z.object({ username: z.string(), role: adminRole });
export const pageOf = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), cursor: z.optional(z.string()) });

/** GET /api/admin/outbox: what the OUTBOX provider recorded, newest first (viewer and up). */
export const outboxQuery = z.object({
  channel: z.optional(channelKind()),
  to: described(z.optional(idText(256)), { description: 'the address exactly as sent (normalised mobile, e-mail, device token, queue)' }),
  requestNo: z.optional(idText(32)),
  limit: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(100)), 20),
  cursor: described(z.optional(z.string().check(z.maxLength(2000))), { description: 'opaque; from the previous page' }),
});

/** Issued once: the key itself is never stored nor shown again. */
export const issuedKey = z.object({ key: z.string(), keyHash: z.string(), prefix: z.string(), institution: z.string(), expiresAt: z.optional(z.string()) });
export const rotateKeyBody = z.object({ overlapHours: z._default(z.int().check(z.gte(0), z.lte(720)), 24) });
export const resendResult = z.object({ sendId: z.string(), status: z.string() });
export const dlqView = z.object({ queue: z.string(), depth: z.int(), inFlight: z.int() });
export const dlqMessage = z.object({ messageId: z.string(), body: z.string(), receiveCount: z.optional(z.int()), sentAt: z.optional(z.string()) });
export const replayBody = z.object({ max: z._default(z.int().check(z.gte(1), z.lte(100)), 10) });

/** Default dictionary (字典配置): the seed says the system creates one entry; these are the starting tree. */
export const defaultDictionary = [
  { id: 'ROOT', code: 'ROOT', label: '消息平台字典', sort: 0 },
  { id: 'CHANNEL_KIND', parentId: 'ROOT', code: 'CHANNEL_KIND', label: '派发渠道', sort: 1 },
  { id: 'CHANNEL_KIND_SMS', parentId: 'CHANNEL_KIND', code: 'SMS', label: '短信', value: 'SMS', sort: 1 },
  { id: 'CHANNEL_KIND_EMAIL', parentId: 'CHANNEL_KIND', code: 'EMAIL', label: '邮件', value: 'EMAIL', sort: 2 },
  { id: 'CHANNEL_KIND_PUSH', parentId: 'CHANNEL_KIND', code: 'PUSH', label: 'App 推送', value: 'PUSH', sort: 3 },
  { id: 'CHANNEL_KIND_MQ', parentId: 'CHANNEL_KIND', code: 'MQ', label: '消息队列', value: 'MQ', sort: 4 },
  { id: 'CUST_TYPE', parentId: 'ROOT', code: 'CUST_TYPE', label: '客户类型', sort: 2 },
  { id: 'CUST_TYPE_PERSONAL', parentId: 'CUST_TYPE', code: 'PERSONAL', label: '个人', value: 'PERSONAL', sort: 1 },
  { id: 'CUST_TYPE_MERCHANT', parentId: 'CUST_TYPE', code: 'MERCHANT', label: '商户', value: 'MERCHANT', sort: 2 },
  { id: 'CUST_TYPE_STORE', parentId: 'CUST_TYPE', code: 'STORE', label: '门店', value: 'STORE', sort: 3 },
] as const;

export interface DictNode {
  id: string;
  parentId?: string;
  code: string;
  label: string;
  value?: string;
  sort: number;
  version: number;
  children: DictNode[];
}
