import type * as z from 'zod/mini';
import type { AdminMethod, AdminRouteSpec, AdminRouteTable } from '#contracts/admin-route';
import { DomainError, MethodNotAllowedError } from '#core/errors';
import { requireRole, type Operator } from './admin-auth.ts';
import { parseJsonBody, type HttpRequest } from './http-handler.ts';
import { parseOrThrow } from './validation.ts';

// The admin functions' router: a route table (layers/contracts/admin-routes-*.ts) plus one handler
// per row. It matches method + path, checks the row's role, validates query and body by the row's
// schemas and calls the handler. HTTP stays here, out of core; adapters stay out of runtime (the
// handlers are composed in functions/http/admin/).

export type AdminRequest = HttpRequest<unknown, unknown, unknown, Operator>;

type Parsed<S, Fallback> = S extends z.ZodMiniType ? z.infer<S> : Fallback;

export interface AdminInput<R extends AdminRouteSpec> {
  principal: Operator;
  params: Parsed<R['params'], Record<string, never>>;
  query: Parsed<R['query'], Record<string, never>>;
  body: Parsed<R['body'], undefined>;
  /** The request as received, for routes that validate further per path parameter. */
  request: AdminRequest;
}

/** One handler per row: the compiler fails when a row has none or a handler has no row. */
export type AdminHandlers<T extends AdminRouteTable> = { [K in keyof T]: (input: AdminInput<T[K]>) => Promise<unknown> };

export interface AdminRouter {
  (request: AdminRequest): Promise<unknown>;
  /** What it serves, for the test that compares it with the manifest and the OpenAPI document. */
  routes: { method: AdminMethod; path: string }[];
}

const segments = (path: string) => path.split('/').filter(Boolean);

/** The path's segments, URL-decoded; a broken escape is the caller's error (400), not a missing route. */
const decodedSegments = (path: string): string[] =>
  segments(path).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new DomainError('VALIDATION', 'path: 百分号编码无效 (malformed percent-encoding)', 'path');
    }
  });

/** Path parameters of `pattern` (`{name}` = one segment) in the decoded segments, or undefined. */
const match = (pattern: string, got: string[]): Record<string, string> | undefined => {
  const want = segments(pattern);
  if (want.length !== got.length) return undefined;
  // A Map until the end: a parameter is never a write to an object's prototype.
  const params = new Map<string, string>();
  for (const [i, part] of want.entries()) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params.set(name, got[i]!);
    else if (part !== got[i]) return undefined;
  }
  return Object.fromEntries(params);
};

/** API Gateway's rule: of the routes a path matches, the one with the most literal segments wins. */
const literals = (route: AdminRouteSpec) => segments(route.path).filter((s) => !s.startsWith('{')).length;

export const adminRouter = <T extends AdminRouteTable>(table: T, handlers: AdminHandlers<T>): AdminRouter => {
  const rows = Object.entries(table)
    .map(([name, route]) => ({ route, handle: handlers[name] as (input: AdminInput<AdminRouteSpec>) => Promise<unknown> }))
    .sort((a, b) => literals(b.route) - literals(a.route));

  const router = async (request: AdminRequest): Promise<unknown> => {
    const method = request.method.toUpperCase();
    const got = decodedSegments(request.path);
    for (const { route, handle } of rows) {
      if (route.method !== method) continue;
      const raw = match(route.path, got);
      if (!raw) continue;
      const params = route.params ? route.params.safeParse(raw) : { success: true as const, data: raw };
      // A parameter outside its set (an unknown entity or record kind) is no route, as in API Gateway.
      if (!params.success) throw new DomainError('ROUTE_NOT_FOUND', `没有这个接口: ${method} ${request.path} (no such route: ${params.error.issues[0]?.message ?? ''})`);
      requireRole(request.principal, route.roleFor?.(raw) ?? route.role);
      return handle({
        principal: request.principal,
        params: params.data as never,
        query: (route.query ? parseOrThrow(route.query, request.query ?? {}, 'query') : {}) as never,
        body: (route.body ? parseOrThrow(route.body, parseJsonBody(request.rawBody) ?? {}, 'body') : undefined) as never,
        request,
      });
    }
    const allow = [...new Set(rows.filter(({ route }) => match(route.path, got)).map(({ route }) => route.method))];
    if (allow.length > 0) throw new MethodNotAllowedError(allow, method, request.path);
    throw new DomainError('ROUTE_NOT_FOUND', `没有这个接口: ${method} ${request.path} (no such route)`);
  };
  return Object.assign(router, { routes: rows.map(({ route }) => ({ method: route.method, path: route.path })) });
};

/** A query or body a route validates further itself (per entity, per record kind). */
export const queryOf = <S extends z.ZodMiniType>(schema: S, request: AdminRequest): z.infer<S> => parseOrThrow(schema, request.query ?? {}, 'query');

export const bodyOf = <S extends z.ZodMiniType>(schema: S, request: AdminRequest, prepare: (raw: unknown) => unknown = (raw) => raw): z.infer<S> =>
  parseOrThrow(schema, prepare(parseJsonBody(request.rawBody) ?? {}), 'body');
