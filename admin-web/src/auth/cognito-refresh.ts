import { expiryOf, session } from './session.ts';

// Keeps a Cognito session alive while the tab is open: a few minutes before the id token expires,
// the refresh token (12 h, the app client's setting) buys a new one from the token endpoint.

/** How long before expiry the id token is renewed. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenEndpoint {
  domain: string;
  clientId: string;
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Trades the stored refresh token for a new id token; false (and the refresh token forgotten) when refused. */
export const refreshIdToken = async (endpoint: TokenEndpoint): Promise<boolean> => {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return false;
  const response = await fetch(`${endpoint.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: endpoint.clientId, refresh_token: refreshToken }),
  }).catch(() => undefined);
  const tokens = response?.ok ? ((await response.json()) as { id_token?: string }) : {};
  if (!tokens.id_token) {
    // Revoked or expired: the next API call answers "not signed in" and the sign-in page shows.
    if (response && response.status >= 400 && response.status < 500) session.forgetRefreshToken();
    return false;
  }
  session.save(tokens.id_token);
  return true;
};

/** Schedules the next renewal from the current id token's expiry (again after each renewal). */
export const keepSessionFresh = (endpoint: TokenEndpoint): void => {
  if (timer) clearTimeout(timer);
  const token = session.token();
  const expiry = token ? expiryOf(token) : undefined;
  if (!session.refreshToken() || expiry === undefined) return;
  timer = setTimeout(
    () => {
      void refreshIdToken(endpoint).then((renewed) => {
        if (renewed) keepSessionFresh(endpoint);
      });
    },
    Math.max(0, expiry - Date.now() - REFRESH_MARGIN_MS),
  );
};
