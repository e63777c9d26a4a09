import { session } from './session.ts';

// Keeps a Cognito session alive while the tab is open: a few minutes before the id token expires,
// the refresh token (12 h, the app client's setting) buys a new one from the token endpoint.

/** How long before expiry the id token is renewed. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** The shortest wait between two renewals, whatever the tokens say: a renewal never runs in a loop. */
const MIN_RENEWAL_GAP_MS = 60_000;

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
  const tokens = response?.ok ? ((await response.json()) as { id_token?: string; expires_in?: number }) : {};
  if (!tokens.id_token) {
    // Revoked or expired: the next API call answers "not signed in" and the sign-in page shows.
    if (response && response.status >= 400 && response.status < 500) session.forgetRefreshToken();
    return false;
  }
  session.save(tokens.id_token, tokens.expires_in);
  return true;
};

/**
 * Schedules the next renewal from the current id token's expiry (again after each renewal, at least a
 * minute later even if the renewed token still reads as nearly expired).
 */
export const keepSessionFresh = (endpoint: TokenEndpoint, minimumWaitMs = 0): void => {
  if (timer) clearTimeout(timer);
  const expiry = session.expiry();
  if (!session.refreshToken() || expiry === undefined) return;
  timer = setTimeout(
    () => {
      void refreshIdToken(endpoint).then((renewed) => {
        if (renewed) keepSessionFresh(endpoint, MIN_RENEWAL_GAP_MS);
      });
    },
    Math.max(minimumWaitMs, expiry - Date.now() - REFRESH_MARGIN_MS),
  );
};
