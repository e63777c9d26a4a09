import { manifest } from '#infra/manifest/index';
import { DomainError, MethodNotAllowedError } from '#core/errors';

// What API Gateway hands to `$default` (functions/http/not-found.ts): a path no route serves is 404,
// a path a route serves with another method is 405 with the methods it does serve (RFC 9110 `Allow`).
// The routes are the manifest's HTTP triggers, the same list the api stack and the local runner use.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (/^\{\w+\+\}$/.test(segment) ? '.+' : /^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

const routes = Object.values(manifest.functions).flatMap((spec) =>
  spec.triggers.flatMap((trigger) => (trigger.type === 'http' && trigger.path !== '$default' ? [{ method: trigger.method as string, pattern: patternOf(trigger.path) }] : [])),
);

/** The methods the API serves at `path` (none: an unknown path). */
export const allowedMethods = (path: string): string[] => {
  const methods = new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => (route.method === 'ANY' ? METHODS : [route.method])));
  return METHODS.filter((m) => methods.has(m));
};

/** The answer for a request no route took: 405 naming the allowed methods, or 404. */
export const noRouteError = (method: string, path: string): DomainError => {
  const allow = allowedMethods(path);
  return allow.length > 0 ? new MethodNotAllowedError(allow, method, path) : new DomainError('ROUTE_NOT_FOUND', `接口不存在: ${method} ${path} (no such route)`);
};
