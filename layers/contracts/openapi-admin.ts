import * as z from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { registerRoute } from './openapi.ts';
import { auditEntry, dlqMessage, dlqView, issuedKey, meView, outboxQuery, pageOf, recordKinds, replayBody, resendResult, rotateKeyBody } from './admin.ts';
import { configEntities } from './config-registry.ts';
import { outboxEntry } from './records.ts';

// The admin API's routes in the OpenAPI document (docs/ARCHITECTURE.md → Admin API). Called by
// openapi.ts with its registerRoute, so this file does not import it at run time.

type Register = typeof registerRoute;

const entityParam = z.enum(Object.keys(configEntities) as [keyof typeof configEntities, ...(keyof typeof configEntities)[]]).describe('config-registry.ts entity name');
const item = z.record(z.string(), z.unknown()).describe('the entity (its schema in layers/contracts/config-*.ts) with version, createdAt, updatedAt, updatedBy');
const paging = z.object({ limit: z.string().optional().describe('1–100, default 20'), cursor: z.string().optional().describe('opaque; from the previous page') });
const range = z.object({ from: z.string().optional().describe('yyyy-mm-dd'), to: z.string().optional().describe('yyyy-mm-dd (default today, range ≤ 92 days)') });
const READ = ['VALIDATION', 'ADMIN_UNAUTHENTICATED', 'ADMIN_FORBIDDEN', 'NOT_FOUND', 'ROUTE_NOT_FOUND'];
const WRITE = [...READ, 'MALFORMED_JSON', 'VERSION_CONFLICT', 'STILL_REFERENCED', 'ALREADY_EXISTS'];

export const registerAdminRoutes = (register: Register, registry: OpenAPIRegistry): void => {
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito ID token (groups admin / operator / viewer); locally from POST /api/local/login',
  });
  const admin = (route: Omit<Parameters<Register>[0], 'auth' | 'tags'> & { tags?: string[] }) => register({ tags: ['admin'], auth: 'admin', ...route });
  const entity = z.object({ entity: entityParam });
  const entityId = entity.extend({ id: z.string().describe('the item id (URL-encoded; list entries are kind#value#bizType)') });
  const keyPath = z.object({ code: z.string(), keyHash: z.string() });

  admin({ method: 'get', path: '/api/admin/me', summary: '当前用户 (who am I)', result: meView, errors: READ });
  admin({
    method: 'get',
    path: '/api/admin/config/{entity}',
    summary: '配置列表 (list configuration)',
    description: 'Exact-match filters per entity: configFilters in layers/contracts/admin.ts. `dict?tree=1` answers the dictionary tree (defaults created on first read).',
    params: entity,
    query: paging,
    result: pageOf(item),
    errors: READ,
  });
  admin({ method: 'get', path: '/api/admin/config/{entity}/{id}', summary: '配置详情', params: entityId, result: item, errors: READ });
  admin({ method: 'post', path: '/api/admin/config/{entity}', summary: '新增配置 (create)', params: entity, body: item, result: item, errors: WRITE });
  admin({ method: 'put', path: '/api/admin/config/{entity}/{id}', summary: '修改配置 (replace; body carries the version read)', params: entityId, body: item, result: item, errors: WRITE });
  admin({
    method: 'delete',
    path: '/api/admin/config/{entity}/{id}',
    summary: '删除配置 (409 STILL_REFERENCED names the referrer)',
    params: entityId,
    query: z.object({ version: z.string().optional() }),
    result: z.object({ deleted: z.string() }),
    errors: WRITE,
  });
  admin({ method: 'get', path: '/api/admin/config/institution/{code}/keys', summary: 'API 密钥列表 (never the key)', params: z.object({ code: z.string() }), result: pageOf(item), errors: READ });
  admin({ method: 'post', path: '/api/admin/config/institution/{code}/keys', summary: '签发 API 密钥 (shown once)', params: z.object({ code: z.string() }), result: issuedKey, errors: WRITE });
  admin({ method: 'post', path: '/api/admin/config/institution/{code}/keys/{keyHash}/revoke', summary: '停用密钥', params: keyPath, result: item, errors: [...WRITE, 'INVALID_STATE'] });
  admin({
    method: 'post',
    path: '/api/admin/config/institution/{code}/keys/{keyHash}/rotate',
    summary: '轮换密钥 (the old key works for overlapHours, default 24)',
    params: keyPath,
    body: rotateKeyBody,
    result: issuedKey.extend({ previous: z.object({ keyHash: z.string(), expiresAt: z.string() }) }),
    errors: [...WRITE, 'INVALID_STATE'],
  });
  admin({
    method: 'get',
    path: '/api/admin/records/{kind}',
    summary: '记录查询 (record listings)',
    description: 'Filters per kind: recordFilters in layers/contracts/admin.ts; each served by a key or an index, newest first.',
    params: z.object({ kind: z.enum(recordKinds) }),
    query: paging.extend(range.shape),
    result: pageOf(z.record(z.string(), z.unknown())),
    errors: READ,
  });
  admin({
    method: 'get',
    path: '/api/admin/outbox',
    summary: '发件箱 (what the OUTBOX provider recorded instead of sending)',
    description: 'Newest first, today back 30 days; channel, to and requestNo are exact filters. Viewer and up.',
    query: outboxQuery,
    result: pageOf(outboxEntry),
    errors: READ,
  });
  admin({ method: 'get', path: '/api/admin/records/audit', summary: '审计日志', query: paging.extend(range.shape).extend({ entity: z.string().optional(), user: z.string().optional() }), result: pageOf(auditEntry), errors: READ });
  admin({ method: 'get', path: '/api/admin/records/dashboard', summary: '首页统计', query: z.object({ date: z.string().optional() }), result: z.record(z.string(), z.unknown()), errors: READ });
  admin({ method: 'post', path: '/api/admin/actions/send-records/{sendId}/resend', summary: '重发 (FAILED/UNSENDABLE → UNSENT, count reset)', params: z.object({ sendId: z.string() }), result: resendResult, errors: [...READ, 'INVALID_STATE'] });
  admin({ method: 'post', path: '/api/admin/actions/send-records/{sendId}/cancel', summary: '取消 (UNSENT → CANCELLED)', params: z.object({ sendId: z.string() }), result: resendResult, errors: [...READ, 'INVALID_STATE'] });
  admin({ method: 'get', path: '/api/admin/actions/dlq', summary: '死信队列深度', result: pageOf(dlqView), errors: READ });
  admin({ method: 'get', path: '/api/admin/actions/dlq/{queue}/messages', summary: '查看死信', params: z.object({ queue: z.string() }), result: z.object({ queue: z.string(), items: z.array(dlqMessage) }), errors: READ });
  admin({ method: 'post', path: '/api/admin/actions/dlq/{queue}/replay', summary: '死信重放', params: z.object({ queue: z.string() }), body: replayBody, result: z.object({ queue: z.string(), moved: z.number() }), errors: READ });
};
