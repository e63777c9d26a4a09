import type * as z from 'zod';
import { DomainError } from '#core/errors';
import { requireRole, type Operator, type Role } from './admin-auth.ts';
import { parseJsonBody, type HttpRequest } from './http-handler.ts';
import { parseOrThrow } from './validation.ts';

// The admin functions each serve a `{proxy+}` route; this maps method + path pattern to a use case,
// checks the role the route needs and validates query and body per route. HTTP stays here, out of core.

export type AdminRequest = HttpRequest<unknown, unknown, unknown, Operator>;
type Params = Record<string, string>;

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/api/admin/config/:entity/:id` — `:name` matches one path segment (URL-decoded). */
  pattern: string;
  role: Role | ((params: Params) => Role);
  run: (request: AdminRequest, params: Params) => Promise<unknown>;
}

/** The path's segments, URL-decoded; a broken escape is the caller's error (400), not a missing route. */
const segmentsOf = (path: string): string[] =>
  path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new DomainError('VALIDATION', 'path: 百分号编码无效 (malformed percent-encoding)', 'path');
      }
    });

const match = (pattern: string, got: string[]): Params | undefined => {
  const want = pattern.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  // A Map until the end: a parameter is never a write to an object's prototype.
  const params = new Map<string, string>();
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) params.set(part.slice(1), got[i]!);
    else if (part !== got[i]) return undefined;
  }
  return Object.fromEntries(params);
};

export const adminRouter =
  (routes: AdminRoute[]) =>
  async (request: AdminRequest): Promise<unknown> => {
    const method = request.method.toUpperCase();
    const segments = segmentsOf(request.path);
    for (const route of routes) {
      if (route.method !== method) continue;
      const params = match(route.pattern, segments);
      if (!params) continue;
      requireRole(request.principal, typeof route.role === 'function' ? route.role(params) : route.role);
      return route.run(request, params);
    }
    throw new DomainError('ROUTE_NOT_FOUND', `没有这个接口: ${method} ${request.path}`);
  };

/** The route's query string, validated. */
export const queryOf = <S extends z.ZodType>(schema: S, request: AdminRequest): z.infer<S> => parseOrThrow(schema, request.query ?? {}, 'query');

/** The route's JSON body, validated (an absent body is `{}`, so defaults apply). */
export const bodyOf = <S extends z.ZodType>(schema: S, request: AdminRequest, prepare: (raw: unknown) => unknown = (raw) => raw): z.infer<S> =>
  parseOrThrow(schema, prepare(parseJsonBody(request.rawBody) ?? {}), 'body');
