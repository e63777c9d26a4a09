import * as z from 'zod';

// What the web stack writes beside the site at deploy time (the local runner serves the same shape),
// so one build serves every stage.
const webConfig = z.object({
  stage: z.string(),
  apiUrl: z.string().default(''),
  region: z.string().optional(),
  auth: z.object({ mode: z.enum(['local', 'cognito']).optional() }).optional(),
  userPoolId: z.string().optional(),
  userPoolClientId: z.string().optional(),
  cognitoDomain: z.string().optional(),
});
export type WebConfig = z.infer<typeof webConfig>;

export const loadWebConfig = async (): Promise<WebConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  return webConfig.parse(await response.json());
};

export type SignInMode = { kind: 'local' } | { kind: 'cognito'; domain: string; clientId: string };

/** Cognito when the stage carries a user pool and its Hosted UI domain; the runner's login form otherwise. */
export const signInMode = (config: WebConfig): SignInMode => {
  if (config.userPoolId && config.userPoolClientId && config.cognitoDomain) {
    const domain = config.cognitoDomain.startsWith('http') ? config.cognitoDomain : `https://${config.cognitoDomain}`;
    return { kind: 'cognito', domain: domain.replace(/\/$/, ''), clientId: config.userPoolClientId };
  }
  return { kind: 'local' };
};
