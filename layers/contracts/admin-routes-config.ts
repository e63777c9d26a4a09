import * as z from 'zod/mini';
import { adminRouteTable, READ_ERRORS, WRITE_ERRORS } from './admin-route.ts';
import { configWriteRole, issuedKey, pageOf, pageQuery, rotateKeyBody } from './admin.ts';
import { configEntities, type ConfigEntityName } from './config-registry.ts';
import { templatePreview, templatePreviewBody } from './template-preview.ts';

// adminConfig's routes: /api/admin/config/… (handlers: functions/http/admin/config-routes.ts).

const entityNames = Object.keys(configEntities) as [ConfigEntityName, ...ConfigEntityName[]];
const entity = z.object({ entity: z.enum(entityNames).check(z.describe('config-registry.ts entity name')) });
const entityId = z.extend(entity, { id: z.string().check(z.describe('the item id (URL-encoded; list entries are kind#value#bizType)')) });
const institution = z.object({ code: z.string() });
const keyPath = z.extend(institution, { keyHash: z.string() });
const item = z.record(z.string(), z.unknown()).check(z.describe('the entity (its schema in layers/contracts/config-*.ts) with version, createdAt, updatedAt, updatedBy'));
const writeRole = (params: Record<string, string>) => configWriteRole(params.entity as ConfigEntityName);

export const configRoutes = adminRouteTable({
  listKeys: {
    method: 'GET', path: '/api/admin/config/institution/{code}/keys', role: 'viewer', params: institution,
    result: () => pageOf(item), summary: 'API 密钥列表 (never the key)', errors: READ_ERRORS,
  },
  issueKey: {
    method: 'POST', path: '/api/admin/config/institution/{code}/keys', role: 'admin', params: institution,
    result: () => issuedKey, summary: '签发 API 密钥 (shown once)', errors: WRITE_ERRORS,
  },
  revokeKey: {
    method: 'POST', path: '/api/admin/config/institution/{code}/keys/{keyHash}/revoke', role: 'admin', params: keyPath,
    result: () => item, summary: '停用密钥', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
  rotateKey: {
    method: 'POST', path: '/api/admin/config/institution/{code}/keys/{keyHash}/rotate', role: 'admin', params: keyPath, body: rotateKeyBody,
    result: () => z.extend(issuedKey, { previous: z.object({ keyHash: z.string(), expiresAt: z.string() }) }),
    summary: '轮换密钥 (the old key works for overlapHours, default 24)', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
  list: {
    method: 'GET', path: '/api/admin/config/{entity}', role: 'viewer', params: entity,
    // The exact-match filters differ per entity (configFilters); the handler validates them.
    query: z.extend(pageQuery, { tree: z.optional(z.enum(['1', 'true'])).check(z.describe('dict only: the dictionary tree')) }),
    result: () => pageOf(item), summary: '配置列表 (list configuration)', errors: READ_ERRORS,
    description: 'Exact-match filters per entity: configFilters in layers/contracts/admin.ts. `dict?tree=1` answers the dictionary tree (defaults created on first read).',
  },
  get: { method: 'GET', path: '/api/admin/config/{entity}/{id}', role: 'viewer', params: entityId, result: () => item, summary: '配置详情', errors: READ_ERRORS },
  create: {
    method: 'POST', path: '/api/admin/config/{entity}', role: 'operator', roleFor: writeRole, params: entity, body: item,
    result: () => item, summary: '新增配置 (create; operator for blacklist, whitelist, emailDomain, admin otherwise)', errors: WRITE_ERRORS,
  },
  update: {
    method: 'PUT', path: '/api/admin/config/{entity}/{id}', role: 'operator', roleFor: writeRole, params: entityId, body: item,
    result: () => item, summary: '修改配置 (replace; body carries the version read)', errors: WRITE_ERRORS,
  },
  previewTemplate: {
    method: 'POST', path: '/api/admin/config/template/preview', role: 'viewer', body: templatePreviewBody,
    result: templatePreview, summary: '模板预览 (variables and the text rendered with sample values)', errors: [...READ_ERRORS, 'MALFORMED_JSON'],
    description: 'A saved template (templateId) or the text being edited (title, content); values are sample values by variable name. Changes nothing.',
  },
  remove: {
    method: 'DELETE', path: '/api/admin/config/{entity}/{id}', role: 'operator', roleFor: writeRole, params: entityId,
    query: z.object({ version: z.optional(z.pipe(z.coerce.number(), z.int()).check(z.nonnegative())).check(z.describe('the version read; a stale one is 409')) }),
    result: () => z.object({ deleted: z.string() }), summary: '删除配置 (409 STILL_REFERENCED names the referrer)', errors: WRITE_ERRORS,
  },
});
