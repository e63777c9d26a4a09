import * as z from 'zod/mini';

// The admin site's runtime configuration, /config.json: written by the web stack at deploy time,
// served by the local runner, parsed by the site at start, so one build serves every stage.

const localAuth = z.object({ mode: z.literal('local') }).check(z.describe("the local runner's own sign-in form"));
const cognitoAuth = z
  .object({
    mode: z.literal('cognito'),
    region: z.string().check(z.minLength(1)),
    userPoolId: z.string().check(z.minLength(1)),
    userPoolClientId: z.string().check(z.minLength(1)),
    /** The Hosted UI's base URL (https://<prefix>.auth.<region>.amazoncognito.com). */
    cognitoDomain: z.url(),
    /** The OAuth scopes the app client allows; the site asks for exactly these. */
    scopes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  }).check(z.describe('Cognito Hosted UI, authorization code with PKCE'));

export const webConfig = z.object({
  stage: z.string().check(z.minLength(1)),
  /** Base URL of the HTTP API; empty when the site and the API share an origin (CloudFront's /api/*, the local runner). */
  apiUrl: z.string(),
  auth: z.discriminatedUnion('mode', [localAuth, cognitoAuth]),
});
export type WebConfig = z.infer<typeof webConfig>;
