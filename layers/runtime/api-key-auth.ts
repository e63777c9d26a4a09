import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';

export interface Caller {
  institution: string;
  /** The institution's own API rate per minute, when it has one (runtime/institution-rate.ts). */
  rateLimitPerMinute?: number | undefined;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * The `x-api-key` check of the public API: the key's SHA-256 is the apiKey item's id, so the lookup
 * is a key read; revoked or expired keys and disabled institutions are refused. `config` reads keys
 * and institutions live (cachedConfig never caches them), so a change counts from the next request.
 */
export const apiKeyAuth =
  (config: ConfigReader, now: () => Date = () => new Date()) =>
  async (event: APIGatewayProxyEventV2): Promise<Caller> => {
    const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-api-key')?.[1];
    if (!header) throw new DomainError('API_KEY_MISSING', '缺少 x-api-key 请求头 (x-api-key header required)', 'x-api-key');
    const key = await config.get('apiKey', hashApiKey(header.trim()));
    const at = now().toISOString();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= at)) {
      throw new DomainError('API_KEY_INVALID', 'x-api-key 无效或已停用 (invalid API key)', 'x-api-key');
    }
    const institution = await config.get('institution', key.institution);
    if (!institution?.enabled) throw new DomainError('API_KEY_INVALID', `系统标识 ${key.institution} 已停用 (institution disabled)`, 'x-api-key');
    return { institution: institution.code, rateLimitPerMinute: institution.rateLimitPerMinute };
  };

/** A key may only act for its own institution (body.institution must match). */
export const assertSameInstitution = (caller: Caller, institution: string): void => {
  if (caller.institution !== institution) {
    throw new DomainError('INSTITUTION_MISMATCH', `institution: 该 API key 不能代表 ${institution} 发送 (the key belongs to another institution)`, 'institution');
  }
};
