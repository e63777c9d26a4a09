import { buildOpenApiDocument } from '#contracts/openapi';
import { errorTable } from '#runtime/error-table';
import type { HttpTrigger, Manifest } from '../../infra/manifest/types.ts';

// Every route the API answers, for tests that must reach all of them (the fuzz): the manifest's HTTP
// triggers, and under a greedy `{proxy+}` trigger (the admin functions route inside) the documented
// routes of the OpenAPI document that fall under it. A route added to either is fuzzed without
// touching the test.

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRoute {
  method: Method;
  /** Path template with `{name}` parameters (`$default` as `/api/{anything}`). */
  path: string;
  auth: HttpTrigger['auth'];
  /** The manifest function that serves it. */
  functionName: string;
}

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'DELETE'];

const documentedRoutes = (): { method: Method; path: string }[] =>
  Object.entries(buildOpenApiDocument(errorTable).paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((method) => ({ method, path })),
  );

export const apiRoutes = (manifest: Manifest): ApiRoute[] => {
  const documented = documentedRoutes();
  const routes: ApiRoute[] = [];
  for (const [functionName, spec] of Object.entries(manifest.functions)) {
    for (const trigger of spec.triggers) {
      if (trigger.type !== 'http') continue;
      const methods = trigger.method === 'ANY' ? METHODS : trigger.method === 'PATCH' ? [] : [trigger.method];
      if (trigger.path === '$default') {
        routes.push(...methods.map((method) => ({ method, path: '/api/{anything}', auth: trigger.auth, functionName })));
        continue;
      }
      const greedy = /^(.*)\/\{\w+\+\}$/.exec(trigger.path);
      if (!greedy) {
        routes.push(...methods.map((method) => ({ method, path: trigger.path, auth: trigger.auth, functionName })));
        continue;
      }
      const prefix = `${greedy[1]}/`;
      // The proxy itself with one free segment (an unknown sub-route), then every documented one.
      routes.push(...methods.map((method) => ({ method, path: `${prefix}{anything}`, auth: trigger.auth, functionName })));
      for (const route of documented) {
        if (route.path.startsWith(prefix) && methods.includes(route.method)) routes.push({ ...route, auth: trigger.auth, functionName });
      }
    }
  }
  return routes;
};

/** The `{name}` parameters of a path template. */
export const paramsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Fills each `{name}` with its (already URL-encoded) segment. */
export const fillPath = (path: string, segments: Record<string, string>): string => path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? 'x');
