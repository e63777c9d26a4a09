import type { CallbackConfigView, CallbackDeliveryView } from '#contracts/callbacks';
import { auditOf, type Actor, type AuditLog } from '#core/admin/ports';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import type { CallbackConfigStore, CallbackDelivery, CallbackDeliveryStore, CallbackQueue, SecretSealer, StoredCallbackConfig } from './ports.ts';

export interface CallbackAdminDeps {
  config: ConfigReader;
  configs: CallbackConfigStore;
  deliveries: CallbackDeliveryStore;
  queue: CallbackQueue;
  audit: AuditLog;
  sealer: SecretSealer;
  /** 32 random bytes, base64url. */
  randomSecret: () => string;
  now: () => Date;
  newId: () => string;
}

const PREFIX_LENGTH = 8;

export const viewOfConfig = ({ sealedSecret: _s, ...view }: StoredCallbackConfig): CallbackConfigView => view;
export const viewOfDelivery = ({ batch: _b, enqueuedAt: _e, ...view }: CallbackDelivery): CallbackDeliveryView => view;

/**
 * 设置回调地址: URL and on/off, audited. The first time also issues the signing secret, returned in
 * this answer only (sealed at rest, never shown again); later changes keep it.
 */
export const setCallback = async (deps: CallbackAdminDeps, actor: Actor, institution: string, input: { url: string; enabled: boolean }) => {
  if (!(await deps.config.get('institution', institution))) throw new DomainError('NOT_FOUND', `institution: 系统标识 ${institution} 不存在`, 'institution');
  const before = await deps.configs.get(institution);
  const at = deps.now().toISOString();
  const secret = before ? undefined : deps.randomSecret();
  const item: StoredCallbackConfig = {
    institution,
    url: input.url,
    enabled: input.enabled,
    secretPrefix: before?.secretPrefix ?? secret!.slice(0, PREFIX_LENGTH),
    sealedSecret: before?.sealedSecret ?? (await deps.sealer.seal(secret!, institution)),
    version: (before?.version ?? 0) + 1,
    updatedAt: at,
    updatedBy: actor.username,
  };
  const audit = auditOf(deps, actor, {
    entity: 'callback',
    entityId: institution,
    action: before ? 'update' : 'create',
    ...(before ? { before: viewOfConfig(before) } : {}),
    after: viewOfConfig(item),
  });
  await deps.configs.put(item, before?.version, audit);
  return { ...viewOfConfig(item), ...(secret ? { secret } : {}) };
};

/** 更换签名密钥: a new secret, shown once; the old one stops signing at once (callers verify both while switching). */
export const rotateCallbackSecret = async (deps: CallbackAdminDeps, actor: Actor, institution: string) => {
  const before = await deps.configs.get(institution);
  if (!before) throw new DomainError('NOT_FOUND', `institution: ${institution} 没有回调配置 (no callback configured)`, 'institution');
  const secret = deps.randomSecret();
  const item: StoredCallbackConfig = {
    ...before,
    secretPrefix: secret.slice(0, PREFIX_LENGTH),
    sealedSecret: await deps.sealer.seal(secret, institution),
    version: before.version + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.username,
  };
  await deps.configs.put(item, before.version, auditOf(deps, actor, { entity: 'callback', entityId: institution, action: 'rotateKey', before: viewOfConfig(before), after: viewOfConfig(item) }));
  return { ...viewOfConfig(item), secret };
};

/** 重新投递: a DEAD (or an already DELIVERED) batch goes back on the callback queue, audited; attempts start again. */
export const replayCallback = async (deps: CallbackAdminDeps, actor: Actor, id: string): Promise<CallbackDeliveryView> => {
  const delivery = await deps.deliveries.get(id);
  if (!delivery) throw new DomainError('NOT_FOUND', `id: 回调投递 ${id} 不存在`, 'id');
  if (delivery.status === 'PENDING' && delivery.attempts < 1) throw new DomainError('INVALID_STATE', `回调投递 ${id} 正在投递中 (still pending)`);
  const next: CallbackDelivery = { ...delivery, status: 'PENDING', attempts: 0, updatedAt: deps.now().toISOString(), enqueuedAt: deps.now().toISOString() };
  if (!(await deps.deliveries.update(next, delivery))) throw new DomainError('VERSION_CONFLICT', `回调投递 ${id} 已被他人修改，请刷新后重试`);
  await deps.queue.enqueue(id);
  await deps.audit.record(auditOf(deps, actor, { entity: 'callbackDelivery', entityId: id, action: 'replay', before: viewOfDelivery(delivery) }));
  return viewOfDelivery(next);
};
