import type { ApiKey } from '#contracts/config-platform';
import { DomainError } from '#core/errors';
import { auditWith, type Actor, type AdminConfigDeps } from './ports.ts';

export interface KeyDeps extends AdminConfigDeps {
  /** 32 random bytes, base64url. */
  randomSecret: () => string;
  /** The one hash the API-key check looks keys up by. */
  hashKey: (key: string) => string;
}

const HOUR_MS = 3_600_000;

const withoutMeta = (key: ApiKey & { version?: number; updatedAt?: string; updatedBy?: string }): ApiKey => ({
  keyHash: key.keyHash,
  institution: key.institution,
  prefix: key.prefix,
  createdAt: key.createdAt,
  ...(key.expiresAt ? { expiresAt: key.expiresAt } : {}),
  ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
});

/**
 * A new key `<institution lower-case>_<32 random bytes base64url>`. Only its hash is stored; the key
 * is in this answer and nowhere else.
 */
export const issueKey = async (deps: KeyDeps, actor: Actor, institutionCode: string) => {
  const institution = await deps.config.get('institution', institutionCode);
  if (!institution) throw new DomainError('NOT_FOUND', `系统标识 ${institutionCode} 不存在 (institution not found)`);
  const secret = deps.randomSecret();
  const key = `${institution.code.toLowerCase()}_${secret}`;
  const item: ApiKey = { keyHash: deps.hashKey(key), institution: institution.code, prefix: secret.slice(0, 8), createdAt: deps.now().toISOString() };
  await deps.config.put('apiKey', item, { by: actor.username, now: deps.now(), audit: auditWith(deps, actor, { entity: 'apiKey', entityId: item.keyHash, action: 'issueKey' }) });
  return { key, keyHash: item.keyHash, prefix: item.prefix, institution: institution.code };
};

const keyOf = async (deps: KeyDeps, institution: string, keyHash: string) => {
  const key = await deps.config.get('apiKey', keyHash);
  if (!key || key.institution !== institution) throw new DomainError('NOT_FOUND', `系统标识 ${institution} 没有密钥 ${keyHash} (no such key)`);
  return key;
};

export const listKeys = async (deps: Pick<KeyDeps, 'config'>, institution: string) =>
  (await deps.config.list('apiKey')).filter((k) => k.institution === institution).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export const revokeKey = async (deps: KeyDeps, actor: Actor, institution: string, keyHash: string) => {
  const key = await keyOf(deps, institution, keyHash);
  if (key.revokedAt) throw new DomainError('INVALID_STATE', `密钥 ${key.prefix} 已停用 (key already revoked)`);
  const { after } = await deps.config.put(
    'apiKey',
    { ...withoutMeta(key), revokedAt: deps.now().toISOString() },
    { expectedVersion: key.version, by: actor.username, now: deps.now(), audit: auditWith(deps, actor, { entity: 'apiKey', entityId: keyHash, action: 'revokeKey' }) },
  );
  return after;
};

/** A new key now; the old one keeps working for `overlapHours` so callers can switch without downtime. */
export const rotateKey = async (deps: KeyDeps, actor: Actor, input: { institution: string; keyHash: string; overlapHours: number }) => {
  const old = await keyOf(deps, input.institution, input.keyHash);
  if (old.revokedAt) throw new DomainError('INVALID_STATE', `密钥 ${old.prefix} 已停用，请签发新密钥 (key revoked: issue a new one)`);
  const overlapEnd = new Date(deps.now().getTime() + input.overlapHours * HOUR_MS).toISOString();
  const expiresAt = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
  const issued = await issueKey(deps, actor, input.institution);
  const audit = auditWith(deps, actor, { entity: 'apiKey', entityId: old.keyHash, action: 'rotateKey' });
  await deps.config.put('apiKey', { ...withoutMeta(old), expiresAt }, { expectedVersion: old.version, by: actor.username, now: deps.now(), audit });
  return { ...issued, previous: { keyHash: old.keyHash, expiresAt } };
};
