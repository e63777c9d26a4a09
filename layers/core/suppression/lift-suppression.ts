import type { AuditEntry } from '#contracts/admin';
import type { SuppressionView } from '#contracts/suppression';
import { auditOf, type Actor } from '#core/admin/ports';
import { DomainError } from '#core/errors';
import type { SuppressedChannel } from './suppression-port.ts';

export interface SuppressionAdminPort {
  get(channel: SuppressedChannel, address: string): Promise<SuppressionView | undefined>;
  /** Deletes exactly this suppression with its audit entry (both or neither); false when it changed or is gone. */
  lift(entry: SuppressionView, audit: AuditEntry): Promise<boolean>;
}

export interface LiftDeps {
  suppressions: SuppressionAdminPort;
  now: () => Date;
  newId: () => string;
}

/**
 * 解除抑制: an operator decides the address works again (the mailbox was fixed, the app reinstalled).
 * Audited with the suppression as it was; the next bounce suppresses it again.
 */
export const liftSuppression = async (deps: LiftDeps, actor: Actor, input: { channel: SuppressedChannel; address: string }): Promise<SuppressionView> => {
  const entry = await deps.suppressions.get(input.channel, input.address);
  const gone = () => new DomainError('NOT_FOUND', `address: ${input.channel} ${input.address} 未被抑制 (not suppressed)`, 'address');
  if (!entry) throw gone();
  const audit = auditOf(deps, actor, { entity: 'suppression', entityId: `${entry.channel}#${entry.address}`, action: 'lift', before: entry });
  if (!(await deps.suppressions.lift(entry, audit))) throw gone();
  return entry;
};
