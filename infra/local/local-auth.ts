import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The runner plays the HTTP API's Cognito JWT authorizer: it signs in the demo operators and hands
// handlers the same `requestContext.authorizer.jwt` shape API Gateway would.

export const DEMO_USERS: Record<string, { password: string; group: 'admin' | 'operator' | 'viewer' }> = {
  admin: { password: 'admin', group: 'admin' },
  operator: { password: 'operator', group: 'operator' },
  viewer: { password: 'viewer', group: 'viewer' },
};

const TOKEN_TTL_SECONDS = 12 * 3600;

export interface LocalAuth {
  login: (username: string, password: string) => { token: string; expiresIn: number; username: string; groups: string[] } | undefined;
  /** The authorizer context for a bearer token, or undefined when missing, forged or expired. */
  authorize: (authorization: string | undefined) => { jwt: { claims: Record<string, string>; scopes: null } } | undefined;
}

export const createLocalAuth = (secret: Buffer = randomBytes(32)): LocalAuth => {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    login(username, password) {
      // Own entries only: `__proto__` or `constructor` is nobody (their password would read as '').
      const user = Object.hasOwn(DEMO_USERS, username) ? DEMO_USERS[username] : undefined;
      const given = Buffer.from(password ?? '');
      const expected = Buffer.from(user?.password ?? '');
      if (!user || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: `local-${username}`,
        'cognito:username': username,
        // API Gateway flattens array claims to "[a b]" strings; keep that shape.
        'cognito:groups': `[${user.group}]`,
        iat: String(now),
        exp: String(now + TOKEN_TTL_SECONDS),
        token_use: 'id',
      };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${payload}.${sign(payload)}`, expiresIn: TOKEN_TTL_SECONDS, username, groups: [user.group] };
    },
    authorize(authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return undefined;
      const [payload, signature] = token.split('.');
      if (!payload || !signature) return undefined;
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, string>;
      if (Number(claims.exp) * 1000 < Date.now()) return undefined;
      return { jwt: { claims, scopes: null } };
    },
  };
};
