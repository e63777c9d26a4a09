import type { SwitchLog } from '#contracts/admin';
import type { ConfigEntityName } from '#contracts/config-registry';
import type { DispatchConfig, DispatchMethod } from '#contracts/config-platform';
import type { Actor, AdminConfigDeps } from './ports.ts';

/**
 * 业务渠道切换记录 (BIZ_SEND_SWITCH_LOG): which changes move a business's traffic to another channel —
 * a dispatch method switched to another send type, or a dispatch configuration switched on or off.
 */
export const switchLogsFor = async (
  deps: Pick<AdminConfigDeps, 'config' | 'now' | 'newId'>,
  actor: Actor,
  entity: ConfigEntityName,
  before: unknown,
  after: unknown,
): Promise<SwitchLog[]> => {
  const base = { id: deps.newId(), at: deps.now().toISOString(), user: actor.username };
  if (entity === 'dispatchMethod' && before) {
    const [old, next] = [before as DispatchMethod, after as DispatchMethod];
    if (old.sendTypeId === next.sendTypeId) return [];
    const config = await deps.config.get('dispatchConfig', next.dispatchConfigId);
    return [
      {
        ...base,
        dispatchConfigId: next.dispatchConfigId,
        dispatchMethodId: next.id,
        ...(config?.match.bizType ? { bizType: config.match.bizType } : {}),
        change: 'SEND_TYPE',
        fromSendTypeId: old.sendTypeId,
        toSendTypeId: next.sendTypeId,
      },
    ];
  }
  if (entity === 'dispatchConfig' && before) {
    const [old, next] = [before as DispatchConfig, after as DispatchConfig];
    if (old.enabled === next.enabled) return [];
    return [{ ...base, dispatchConfigId: next.id, ...(next.match.bizType ? { bizType: next.match.bizType } : {}), change: next.enabled ? 'ENABLED' : 'DISABLED' }];
  }
  return [];
};
