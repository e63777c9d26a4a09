import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { pageQuery } from '#contracts/admin';
import { configListQueryOf } from '#contracts/admin-listings';
import { configRoutes } from '#contracts/admin-routes-config';
import { configEntities, type ConfigEntityName } from '#contracts/config-registry';
import { issueKey, listKeys, revokeKey, rotateKey } from '#core/admin/api-keys';
import { normaliseConfigInput } from '#core/admin/config-input';
import { createConfig, deleteConfig, getConfig, listConfig, updateConfig } from '#core/admin/config-crud';
import { dictTree, ensureDefaultDictionary } from '#core/admin/dict-tree';
import { readWithSight } from '#core/admin/read-with-sight';
import { previewTemplate } from '#core/admin/template-preview';
import type { AuditLog, ConfigWriter, SwitchLogWriter } from '#core/admin/ports';
import { adminRouter, bodyOf, queryOf, type AdminRequest } from '#runtime/admin-router';
import { hashApiKey } from '#runtime/api-key-auth';

// adminConfig's handlers, one per row of configRoutes. Reads go straight to the table; the other
// functions read configuration through cachedConfig, so they see a change within its TTL (30 s).

export interface ConfigRouteDeps {
  config: ConfigWriter;
  audit: AuditLog;
  switchLogs: SwitchLogWriter;
  now?: () => Date;
}

const version = z.object({ version: z.int().check(z.positive()) });
/** The entity's own schema, after list values are normalised (so ids are canonical). */
const itemOf = <S extends z.ZodMiniType>(entity: ConfigEntityName, schema: S, request: AdminRequest) => bodyOf(schema, request, (raw) => normaliseConfigInput(entity, raw));

export const configRouter = (routeDeps: ConfigRouteDeps) => {
  const deps = { ...routeDeps, now: routeDeps.now ?? (() => new Date()), newId: randomUUID };
  const keyDeps = { ...deps, randomSecret: () => randomBytes(32).toString('base64url'), hashKey: hashApiKey };

  return adminRouter(configRoutes, {
    listKeys: async ({ params }) => ({ items: await listKeys(deps, params.code) }),
    issueKey: ({ principal, params }) => issueKey(keyDeps, principal, params.code),
    revokeKey: ({ principal, params }) => revokeKey(keyDeps, principal, params.code, params.keyHash),
    rotateKey: ({ principal, params, body }) => rotateKey(keyDeps, principal, { institution: params.code, keyHash: params.keyHash, overlapHours: body.overlapHours }),
    list: async ({ principal, params: { entity }, request }) => {
      const query = queryOf(configListQueryOf(entity), request) as z.infer<typeof pageQuery> & { tree?: string } & Record<string, string | undefined>;
      if (entity === 'dict' && query.tree) {
        await ensureDefaultDictionary(deps);
        return { items: await dictTree(deps) };
      }
      const { limit: _limit, cursor: _cursor, ...filter } = query;
      // Blacklist and whitelist entries hold mobiles: least sight applies as to the records.
      return readWithSight(deps, principal, { kind: entity, filter }, await listConfig(deps, { entity, filters: query, limit: query.limit, cursor: query.cursor }));
    },
    get: async ({ principal, params }) => readWithSight(deps, principal, { kind: params.entity, filter: { id: params.id } }, await getConfig(deps, params.entity, params.id)),
    create: ({ principal, params: { entity }, request }) => createConfig(deps, principal, entity, itemOf(entity, configEntities[entity].schema, request)),
    update: ({ principal, params: { entity, id }, request }) => {
      const { version: expected, ...item } = itemOf(entity, z.extend(configEntities[entity].schema, version.shape), request) as { version: number };
      return updateConfig(deps, principal, { entity, id, item: item as never, version: expected });
    },
    previewTemplate: ({ body }) => previewTemplate(deps, body),
    remove: ({ principal, params: { entity, id }, query }) => deleteConfig(deps, principal, { entity, id, version: query.version }),
  });
};
