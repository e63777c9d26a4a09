import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KeySource } from '#core/captcha/captcha-port';

let client: SecretsManagerClient | undefined;

/** One client per container; the endpoint comes from AWS_ENDPOINT_URL_SECRETS_MANAGER when the runner sets it. */
export const secretsManagerClient = (): SecretsManagerClient => (client ??= new SecretsManagerClient({ maxAttempts: 3 }));

/**
 * A secret's value as key bytes, fetched once per container (GetSecretValue costs money and latency
 * on every call). A failed fetch is not cached, so the next invocation tries again.
 */
export const secretKey = (secrets: SecretsManagerClient, secretId: string): KeySource => {
  let cached: Promise<Buffer> | undefined;
  return () => {
    cached ??= secrets.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      const value = out.SecretString ? Buffer.from(out.SecretString, 'utf8') : out.SecretBinary ? Buffer.from(out.SecretBinary) : undefined;
      if (!value || value.length < 16) throw new Error(`secret ${secretId} is empty or shorter than 16 bytes`);
      return value;
    });
    cached.catch(() => (cached = undefined));
    return cached;
  };
};
