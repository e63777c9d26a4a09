// The signed-in operator's token (a Cognito id token, or the runner's local token) and, with Cognito,
// the refresh token that renews it. Kept in sessionStorage: they go when the tab closes, and are never
// written to a cookie the API would trust.
const KEY = 'msgplat.token';
const REFRESH_KEY = 'msgplat.refresh';

export const session = {
  token: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  save: (token: string) => sessionStorage.setItem(KEY, token),
  refreshToken: (): string | undefined => sessionStorage.getItem(REFRESH_KEY) ?? undefined,
  saveRefreshToken: (token: string) => sessionStorage.setItem(REFRESH_KEY, token),
  forgetRefreshToken: () => sessionStorage.removeItem(REFRESH_KEY),
  clear: () => {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(REFRESH_KEY);
  },
};

/**
 * When a token stops being accepted (epoch ms), from its `exp` claim: the payload segment of a JWT
 * (header.payload.signature) or of the local runner's token (payload.signature). Undefined if unreadable.
 */
export const expiryOf = (token: string): number | undefined => {
  const parts = token.split('.');
  for (const part of parts.length === 3 ? [parts[1]] : [parts[0]]) {
    try {
      const claims = JSON.parse(atob((part ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
      const exp = Number(claims.exp);
      if (Number.isFinite(exp) && exp > 0) return exp * 1000;
    } catch {
      return undefined;
    }
  }
  return undefined;
};
