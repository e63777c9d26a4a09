import { webConfig, type WebConfig } from '../../layers/contracts/web-config.ts';

// What the web stack writes beside the site at deploy time (the local runner serves the same shape):
// one schema for the writer, the runner and this reader (layers/contracts/web-config.ts).
export type { WebConfig };

export const loadWebConfig = async (): Promise<WebConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  return webConfig.parse(await response.json());
};

export type SignInMode = { kind: 'local' } | { kind: 'cognito'; domain: string; clientId: string; scopes: string[] };

/** Cognito when the stage's config names its user pool and Hosted UI; the runner's login form otherwise. */
export const signInMode = ({ auth }: WebConfig): SignInMode =>
  auth.mode === 'cognito' ? { kind: 'cognito', domain: auth.cognitoDomain.replace(/\/$/, ''), clientId: auth.userPoolClientId, scopes: auth.scopes } : { kind: 'local' };
