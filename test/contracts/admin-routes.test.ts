import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { AdminRouteSpec } from '#contracts/admin-route';
import { adminRouteTables } from '#contracts/admin-routes';
import { buildOpenApiDocument } from '#contracts/openapi';
import { isDomainError } from '#core/errors';
import type { AdminRequest } from '#runtime/admin-router';
import { errorTable } from '#runtime/error-table';
import { functionEnv, type Resolved } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { FunctionSpec } from '../../infra/manifest/types.ts';
import { ADMIN_HTTP_ROUTES_FILE, renderAdminHttpRoutes } from '../../scripts/admin-http-routes.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';

// One route table per admin function drives its router, its API Gateway routes and the OpenAPI
// document: the three must list the same routes, and each route must refuse every role below its own.

type Role = 'viewer' | 'operator' | 'admin';
const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const adminFunctionNames = Object.entries(manifest.functions as Record<string, FunctionSpec>)
  .filter(([, spec]) => spec.triggers.some((t) => t.type === 'http' && t.auth === 'admin'))
  .map(([name]) => name)
  .sort();

const routers = {
  adminConfig: async () => (await import('../../functions/http/admin/config-routes.ts')).configRouter,
  adminRecords: async () => (await import('../../functions/http/admin/records-routes.ts')).recordsRouter,
  adminActions: async () => (await import('../../functions/http/admin/actions-routes.ts')).actionsRouter,
  adminDelivery: async () => (await import('../../functions/http/admin/delivery-routes.ts')).deliveryRouter,
  adminImports: async () => (await import('../../functions/http/admin/imports-routes.ts')).importsRouter,
};

/** Deps whose AWS side is missing: a handler that runs fails on its first read, after the role check. */
const noDeps = { tables: {} } as never;

describe('the admin route tables', () => {
  it('match the generated route list the manifest reads (else: npm run generate:routes)', () => {
    expect(readFileSync(ADMIN_HTTP_ROUTES_FILE, 'utf8'), 'infra/manifest/admin-http-routes.ts is out of date: npm run generate:routes').toBe(renderAdminHttpRoutes());
  });

  it('router, manifest triggers and OpenAPI document list the same (method, path) set, for every admin function', async () => {
    expect(adminFunctionNames).toEqual(Object.keys(adminRouteTables).sort());
    const document = buildOpenApiDocument(errorTable) as unknown as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => key(method, path)));
    const deployed: string[] = [];
    const routed: string[] = [];
    for (const name of adminFunctionNames) {
      const spec = (manifest.functions as Record<string, FunctionSpec>)[name]!;
      const triggers = spec.triggers.flatMap((t) => (t.type === 'http' ? [key(t.method, t.path)] : []));
      // Nothing is called on these deps: only the router's route list is read.
      const router = (await routers[name as keyof typeof routers]())(noDeps);
      const served = router.routes.map((r) => key(r.method, r.path));
      expect(served.sort()).toEqual(triggers.sort());
      deployed.push(...triggers);
      routed.push(...served);
    }
    expect(documented.sort()).toEqual(deployed.sort());
    expect(new Set(routed).size).toBe(routed.length);
    expect(routed.length).toBe(Object.values(adminRouteTables).reduce((n, table) => n + Object.keys(table).length, 0));
  });
});

/** A concrete path for a row: enum parameters take each of their values (config writes' role depends on the entity). */
const samplePaths = (route: AdminRouteSpec): { path: string; params: Record<string, string> }[] => {
  let samples: Record<string, string>[] = [{}];
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    const schema = route.params?.shape[name!] as { options?: string[] } | undefined;
    const values = schema?.options ?? [`x-${name!}`];
    samples = samples.flatMap((s) => values.map((v) => ({ ...s, [name!]: v })));
  }
  return samples.map((params) => ({ params, path: route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n]!)) }));
};

describe('every admin route lets its own role through', () => {
  for (const [name, table] of Object.entries(adminRouteTables)) {
    it(`${name}: each row at its role passes the role check (the handler runs, here without its AWS deps)`, async () => {
      const router = (await routers[name as keyof typeof routers]())(noDeps);
      for (const route of Object.values(table) as AdminRouteSpec[]) {
        for (const { path, params } of samplePaths(route)) {
          const role = route.roleFor?.(params) ?? route.role;
          const request = { method: route.method, path, query: {}, rawBody: '{}', principal: { username: 'u', role } } as unknown as AdminRequest;
          const code = await router(request).then(() => 'ok', (e: unknown) => (isDomainError(e) ? e.code : 'handler ran'));
          expect([route.method, path, role, code]).toEqual([route.method, path, role, expect.not.stringMatching(/^(ADMIN_|ROUTE_NOT_FOUND)/)]);
        }
      }
    });
  }
});

describe('every admin route refuses the roles below its own', () => {
  const marker = (kind: string) => (n: string) => `${kind}-${n}`;
  const resolved: Resolved = { table: marker('table'), queueUrl: (n) => `http://127.0.0.1:9/${n}`, dlqUrl: (n) => `http://127.0.0.1:9/${n}-dlq`, bucket: marker('bucket'), secret: marker('secret'), scheduler: () => ({ groupName: 'g', roleArn: 'r' }) };

  for (const [name, table] of Object.entries(adminRouteTables)) {
    it(`${name}: each row, each role below it → 403 20005; not signed in → 401 20004`, async () => {
      const spec = (manifest.functions as Record<string, FunctionSpec>)[name]!;
      // The env its stack gives it; the refused calls never reach a table or a queue.
      Object.assign(process.env, functionEnv(name, spec, 'test', resolved), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
      vi.resetModules();
      const handler = (await import(/* @vite-ignore */ `../../${spec.entry}`)).handler as AdminHandler;
      let checked = 0;
      for (const route of Object.values(table) as AdminRouteSpec[]) {
        for (const { path, params } of samplePaths(route)) {
          const needed = route.roleFor?.(params) ?? route.role;
          for (const role of ROLES.slice(0, ROLES.indexOf(needed))) {
            const refused = await callAdmin(handler, route.method, path, { role, body: {} });
            expect([route.method, path, role, refused.status, refused.retFlag]).toEqual([route.method, path, role, 403, '20005']);
            checked++;
          }
          const anonymous = await callAdmin(handler, route.method, path, { role: null });
          expect([route.method, path, anonymous.status, anonymous.retFlag]).toEqual([route.method, path, 401, '20004']);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(Object.keys(table).length);
    });
  }
});
