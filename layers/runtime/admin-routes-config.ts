import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { configFilters, configWriteRole, filterValue, pageQuery, rotateKeyBody } from '#contracts/admin';
import { configEntities, isConfigEntity, type ConfigEntityName } from '#contracts/config-registry';
import { issueKey, listKeys, revokeKey, rotateKey } from '#core/admin/api-keys';
import { normaliseConfigInput } from '#core/admin/config-input';
import { readWithSight } from '#core/admin/read-with-sight';
import { createConfig, deleteConfig, getConfig, listConfig, updateConfig } from '#core/admin/config-crud';
import { dictTree, ensureDefaultDictionary } from '#core/admin/dict-tree';
import type { AuditLog, ConfigWriter, SwitchLogWriter } from '#core/admin/ports';
import { DomainError } from '#core/errors';
import { adminRouter, bodyOf, queryOf, type AdminRequest, type AdminRoute } from './admin-router.ts';
import { hashApiKey } from './api-key-auth.ts';

// /api/admin/config/… (adminConfig). Reads go straight to the table; the other functions read
// configuration through cachedConfig, so they see a change within its TTL (30 s).

export interface ConfigRouteDeps {
  config: ConfigWriter;
  audit: AuditLog;
  switchLogs: SwitchLogWriter;
  now?: () => Date;
}

const entityOf = (name: string): ConfigEntityName => {
  if (!isConfigEntity(name)) throw new DomainError('ROUTE_NOT_FOUND', `没有这个配置: ${name} (known: ${Object.keys(configEntities).join(', ')})`);
  return name as ConfigEntityName;
};

const listQuery = (entity: ConfigEntityName) =>
  pageQuery.extend({
    ...Object.fromEntries((configFilters[entity] as readonly string[]).map((f) => [f, filterValue().optional()])),
    tree: z.enum(['1', 'true']).optional(),
  });
const deleteQuery = z.object({ version: z.coerce.number().int().nonnegative().optional() });
const version = z.object({ version: z.number().int().positive() });

const BASE = '/api/admin/config';

export const configRouter = (routeDeps: ConfigRouteDeps) => {
  const now = routeDeps.now ?? (() => new Date());
  const deps = { ...routeDeps, now, newId: randomUUID };
  const keyDeps = { ...deps, randomSecret: () => randomBytes(32).toString('base64url'), hashKey: hashApiKey };
  const actor = (request: AdminRequest) => request.principal;
  const write = (params: Record<string, string>) => configWriteRole(entityOf(params.entity!));

  const routes: AdminRoute[] = [
    { method: 'GET', pattern: `${BASE}/institution/:code/keys`, role: 'viewer', run: async (_r, p) => ({ items: await listKeys(deps, p.code!) }) },
    { method: 'POST', pattern: `${BASE}/institution/:code/keys`, role: 'admin', run: (r, p) => issueKey(keyDeps, actor(r), p.code!) },
    { method: 'POST', pattern: `${BASE}/institution/:code/keys/:keyHash/revoke`, role: 'admin', run: (r, p) => revokeKey(keyDeps, actor(r), p.code!, p.keyHash!) },
    {
      method: 'POST',
      pattern: `${BASE}/institution/:code/keys/:keyHash/rotate`,
      role: 'admin',
      run: (r, p) => rotateKey(keyDeps, actor(r), { institution: p.code!, keyHash: p.keyHash!, overlapHours: bodyOf(rotateKeyBody, r).overlapHours }),
    },
    {
      method: 'GET',
      pattern: `${BASE}/:entity`,
      role: 'viewer',
      run: async (r, p) => {
        const entity = entityOf(p.entity!);
        const query = queryOf(listQuery(entity), r) as z.infer<typeof pageQuery> & { tree?: string } & Record<string, string | undefined>;
        if (entity === 'dict' && query.tree) {
          await ensureDefaultDictionary(deps);
          return { items: await dictTree(deps) };
        }
        const { limit: _limit, cursor: _cursor, ...filter } = query;
        // Blacklist and whitelist entries hold mobiles: least sight applies as to the records.
        return readWithSight(deps, actor(r), { kind: entity, filter }, await listConfig(deps, { entity, filters: query, limit: query.limit, cursor: query.cursor }));
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/:entity/:id`,
      role: 'viewer',
      run: async (r, p) => readWithSight(deps, actor(r), { kind: p.entity!, filter: { id: p.id } }, await getConfig(deps, entityOf(p.entity!), p.id!)),
    },
    {
      method: 'POST',
      pattern: `${BASE}/:entity`,
      role: write,
      run: (r, p) => {
        const entity = entityOf(p.entity!);
        return createConfig(deps, actor(r), entity, bodyOf(configEntities[entity].schema, r, (raw) => normaliseConfigInput(entity, raw)));
      },
    },
    {
      method: 'PUT',
      pattern: `${BASE}/:entity/:id`,
      role: write,
      run: (r, p) => {
        const entity = entityOf(p.entity!);
        const body = bodyOf(configEntities[entity].schema.extend(version.shape), r, (raw) => normaliseConfigInput(entity, raw));
        const { version: expected, ...item } = body as typeof body & { version: number };
        return updateConfig(deps, actor(r), { entity, id: p.id!, item, version: expected });
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/:entity/:id`,
      role: write,
      run: (r, p) => deleteConfig(deps, actor(r), { entity: entityOf(p.entity!), id: p.id!, version: queryOf(deleteQuery, r).version }),
    },
  ];
  return adminRouter(routes);
};
