import type * as z from 'zod/mini';
import type { AdminRole } from './admin.ts';

// One row of an admin function's route table (docs/ARCHITECTURE.md → Admin API). The table is data:
// the function's router (functions/http/admin/*), the manifest's HTTP triggers and the OpenAPI
// document are all derived from it, so a new route is one new row. It imports schemas only — never
// handlers or adapters — so infra and the OpenAPI function can read it without bundling them.

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface AdminRouteSpec {
  method: AdminMethod;
  /** API Gateway / OpenAPI syntax: `/api/admin/config/{entity}/{id}`; `{name}` is one path segment. */
  path: string;
  /** The least role that may call the route. */
  role: AdminRole;
  /** When the role depends on a path parameter (config writes by entity); never below `role`. */
  roleFor?: (params: Record<string, string>) => AdminRole;
  /** Path parameters; a value the schema refuses makes the path no route (404 90001). */
  params?: z.ZodMiniObject;
  /** Validated by the router before the handler runs; the handler gets the parsed value. */
  query?: z.ZodMiniObject;
  /** The JSON body, validated likewise (an absent body is `{}`, so defaults apply). */
  body?: z.ZodMiniType;
  /** What it answers, for the OpenAPI document only: built when the document is, not by the admin functions at load. */
  result: () => z.ZodMiniType;
  summary: string;
  description?: string;
  /** Error codes (layers/core/errors.ts) the route can answer, for the OpenAPI document. */
  errors: string[];
}

export type AdminRouteTable = Record<string, AdminRouteSpec>;

/** Declares a table, keeping each row's schema types for the handlers' inputs. */
export const adminRouteTable = <T extends AdminRouteTable>(table: T): T => table;

export const READ_ERRORS = ['VALIDATION', 'ADMIN_UNAUTHENTICATED', 'ADMIN_FORBIDDEN', 'NOT_FOUND', 'ROUTE_NOT_FOUND'];
export const WRITE_ERRORS = [...READ_ERRORS, 'MALFORMED_JSON', 'VERSION_CONFLICT', 'STILL_REFERENCED', 'ALREADY_EXISTS'];
