import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretNameOf } from '#contracts/provider-secrets';
import { isProviderError, ProviderError } from '#core/providers';

/** A provider credential by the name (or ARN) a send type's settings give. */
export type SecretReader = (ref: string) => Promise<string>;

/** Long enough that a busy sender asks Secrets Manager a few times an hour, short enough that a rotation is picked up soon. */
export const PROVIDER_SECRET_TTL_MS = 5 * 60_000;

/** Secrets Manager answers that no retry can change: the send type names a secret the sender cannot have. */
const FINAL = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'DecryptionFailure', 'InvalidRequestException', 'ValidationException']);

/**
 * Reads provider secrets at send time, cached per container for a short TTL (GetSecretValue costs
 * money and latency per call). Only names under the stage's providers prefix are read: the IAM grant
 * allows no other, and locally — where no IAM applies — this check is what keeps the rule.
 * A failed read is not cached. Errors never carry the value.
 */
export const providerSecrets = (
  client: () => SecretsManagerClient,
  options: { prefix: string; ttlMs?: number; now?: () => number },
): SecretReader => {
  const ttl = options.ttlMs ?? PROVIDER_SECRET_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<string> }>();
  return (ref) => {
    if (!secretNameOf(ref).startsWith(options.prefix)) {
      return Promise.reject(new ProviderError(`密钥 ${ref} 不在 ${options.prefix} 之下 (the sender reads provider secrets only under ${options.prefix})`, false));
    }
    const hit = cache.get(ref);
    if (hit && now() - hit.at < ttl) return hit.value;
    const value = client()
      .send(new GetSecretValueCommand({ SecretId: ref }))
      .then((out) => {
        const text = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : '');
        if (!text) throw new ProviderError(`密钥 ${ref} 为空 (secret is empty)`, false);
        return text;
      })
      .catch((error: unknown) => {
        cache.delete(ref);
        if (isProviderError(error)) throw error;
        const name = (error as Error).name;
        throw new ProviderError(`读取密钥 ${ref} 失败: ${name} (reading the provider secret failed)`, !FINAL.has(name));
      });
    cache.set(ref, { at: now(), value });
    return value;
  };
};
