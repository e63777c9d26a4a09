// The signed-in operator's token (a Cognito id token, or the runner's local token) and, with Cognito,
// the refresh token that renews it. Kept in sessionStorage: they go when the tab closes, and are never
// written to a cookie the API would trust.
const KEY = 'msgplat.token';
const REFRESH_KEY = 'msgplat.refresh';
const EXPIRES_KEY = 'msgplat.expiresAt';

export const session = {
  token: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  /**
   * Saves a token; `expiresInSeconds` (the token endpoint's expires_in) is counted on this browser's
   * clock, so a browser whose clock differs from the issuer's still renews on time, and never in a loop.
   */
  save: (token: string, expiresInSeconds?: number) => {
    sessionStorage.setItem(KEY, token);
    if (expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0) {
      sessionStorage.setItem(EXPIRES_KEY, String(Date.now() + expiresInSeconds * 1000));
    } else sessionStorage.removeItem(EXPIRES_KEY);
  },
  /** When the saved token expires on this browser's clock (epoch ms): the endpoint's lifetime, else its exp claim. */
  expiry: (): number | undefined => {
    const token = sessionStorage.getItem(KEY);
    if (!token) return undefined;
    const local = Number(sessionStorage.getItem(EXPIRES_KEY));
    return Number.isFinite(local) && local > 0 ? local : expiryOf(token);
  },
  refreshToken: (): string | undefined => sessionStorage.getItem(REFRESH_KEY) ?? undefined,
  saveRefreshToken: (token: string) => sessionStorage.setItem(REFRESH_KEY, token),
  forgetRefreshToken: () => sessionStorage.removeItem(REFRESH_KEY),
  clear: () => {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(REFRESH_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
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
