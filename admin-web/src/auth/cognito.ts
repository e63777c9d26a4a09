import { keepSessionFresh, refreshIdToken, REFRESH_MARGIN_MS } from './cognito-refresh.ts';
import { session } from './session.ts';

// Cognito Hosted UI, authorization code flow with PKCE (RFC 7636), by fetch: no Amplify in the bundle.
// The verifier and state live in sessionStorage only between the redirect out and the redirect back.
const VERIFIER_KEY = 'msgplat.pkce.verifier';
const STATE_KEY = 'msgplat.pkce.state';

export interface CognitoSettings {
  domain: string;
  clientId: string;
  /** Exactly the scopes the app client allows (config.json). */
  scopes: string[];
}

const base64Url = (bytes: ArrayBuffer | Uint8Array): string => {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const b of array) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const randomText = (size: number) => base64Url(crypto.getRandomValues(new Uint8Array(size)));

export const pkceChallenge = async (verifier: string): Promise<string> =>
  base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));

const redirectUri = () => `${window.location.origin}/`;

export const startCognitoSignIn = async (settings: CognitoSettings): Promise<void> => {
  const verifier = randomText(48);
  const state = randomText(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scopes.join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: await pkceChallenge(verifier),
  });
  window.location.assign(`${settings.domain}/oauth2/authorize?${params.toString()}`);
};

/**
 * At start: on the way back from the Hosted UI, trade the code for tokens and return the id token;
 * otherwise renew a stored session whose id token is (nearly) expired and return the new one, or
 * undefined. Either way the session is then kept fresh while the tab is open.
 */
export const finishCognitoSignIn = async (settings: CognitoSettings): Promise<string | undefined> => {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code) {
    const expiry = session.expiry();
    const renewed = expiry !== undefined && expiry - Date.now() < REFRESH_MARGIN_MS && (await refreshIdToken(settings));
    keepSessionFresh(settings);
    return renewed ? session.token() : undefined;
  }
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const expectedState = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  window.history.replaceState(null, '', window.location.pathname);
  if (!verifier || !expectedState || params.get('state') !== expectedState) throw new Error('sign-in state mismatch');
  const response = await fetch(`${settings.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: settings.clientId, code, redirect_uri: redirectUri(), code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`token endpoint: HTTP ${response.status}`);
  const tokens = (await response.json()) as { id_token?: string; refresh_token?: string; expires_in?: number };
  if (!tokens.id_token) throw new Error('token endpoint returned no id_token');
  // The HTTP API's JWT authorizer reads the groups claim of the id token.
  session.save(tokens.id_token, tokens.expires_in);
  if (tokens.refresh_token) session.saveRefreshToken(tokens.refresh_token);
  keepSessionFresh(settings);
  return tokens.id_token;
};

export const cognitoSignOutUrl = (settings: CognitoSettings): string =>
  `${settings.domain}/logout?${new URLSearchParams({ client_id: settings.clientId, logout_uri: redirectUri() }).toString()}`;
