import { fromEnv } from '@aws-sdk/credential-provider-env';

// Bundled in place of @aws-sdk/credential-provider-node (see ./options.ts). In Lambda the runtime puts
// the function role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
// which is the first link of the SDK's default chain; the other links (profiles, SSO, web identity,
// container and instance metadata, and the STS/SSO clients they carry) are never reached there but
// weigh about 95 KB per bundle. Tests and the local runner run unbundled, with the real chain.

type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);

export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean => credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
