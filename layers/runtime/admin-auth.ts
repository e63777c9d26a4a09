import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '#core/errors';

export type Role = 'viewer' | 'operator' | 'admin';
const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export interface Operator {
  username: string;
  role: Role;
}

/** API Gateway passes array claims as "[a b]" strings; a JSON array or a plain list also parses. */
const parseGroups = (raw: unknown): string[] => {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter(Boolean);
};

/**
 * The operator behind an admin request, from the claims the HTTP API's Cognito JWT authorizer (or the
 * local runner playing it) verified. The highest group wins; no known group → 403.
 */
export const adminAuth = (event: APIGatewayProxyEventV2): Operator => {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
  if (!claims) throw new DomainError('ADMIN_UNAUTHENTICATED', '未登录或登录已过期 (sign in required)');
  // Own keys only: a group named `constructor` or `toString` is no role (RANK.constructor is a function).
  const roles = parseGroups(claims['cognito:groups']).filter((g): g is Role => Object.hasOwn(RANK, g));
  const role = roles.sort((a, b) => RANK[b] - RANK[a])[0];
  const username = String(claims['cognito:username'] ?? claims.username ?? claims.sub ?? 'unknown');
  if (!role) throw new DomainError('ADMIN_FORBIDDEN', `用户 ${username} 不属于任何角色 (no role)`);
  return { username, role };
};

/** Throws 403 unless the operator's role is at least `needed`. */
export const requireRole = (operator: Operator, needed: Role): void => {
  if (RANK[operator.role] < RANK[needed]) {
    throw new DomainError('ADMIN_FORBIDDEN', `需要 ${needed} 权限，当前为 ${operator.role} (role ${needed} required)`);
  }
};
