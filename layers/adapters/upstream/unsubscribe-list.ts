import { listEntryId } from '#contracts/config-registry';
import { auditWith, type Actor } from '#core/admin/ports';
import { DomainError } from '#core/errors';
import type { UnsubscribeList } from '#core/upstream/receive-inbound-sms';
import type { ConfigStore } from '../dynamo/config-store.ts';

/** Who the audit log names for blacklist entries an inbound 退订 wrote. */
export const INBOUND_SMS_ACTOR: Actor = { username: 'system:inbound-sms', role: 'operator' };

/**
 * The blacklist as inbound unsubscribes write it: the config store's audited put (item and audit
 * entry in one transaction), keyed like an operator's entry (MOBILE#<mobile>#<bizType>). An entry
 * that already exists — an operator's, or this message's on an earlier delivery — stays as it is.
 */
export const unsubscribeList = (config: ConfigStore, deps: { now: () => Date; newId: () => string }): UnsubscribeList => ({
  async add({ mobile, bizType, reason }) {
    const entry = { kind: 'MOBILE' as const, value: mobile, bizType, reason };
    try {
      await config.put('blacklist', entry, {
        by: INBOUND_SMS_ACTOR.username,
        now: deps.now(),
        audit: auditWith(deps, INBOUND_SMS_ACTOR, { entity: 'blacklist', entityId: listEntryId(entry), action: 'create' }),
      });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ALREADY_EXISTS')) throw error;
    }
  },
});
