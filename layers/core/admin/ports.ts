import type { AdminRole, AuditEntry, SwitchLog } from '#contracts/admin';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';
import type { ConfigReader, Stored } from '#core/config-port';
import { withoutSecrets } from '#core/privacy/sight';

/** Who is acting: the signed-in operator (the runtime checked the role before the use case runs). */
export interface Actor {
  username: string;
  role: AdminRole;
}

/**
 * The audit entry of a configuration write, made from what the store read (before) and writes
 * (after); the store writes it in the same transaction as the item: both or neither.
 */
export type AuditOf = (change: { before?: unknown; after?: unknown }) => AuditEntry;

/** Configuration writes: conditional on version, so two editors cannot overwrite each other. */
export interface ConfigWriter extends ConfigReader {
  put<E extends ConfigEntityName>(
    entity: E,
    item: ConfigItem<E>,
    options: { expectedVersion?: number; by: string; now?: Date; audit?: AuditOf },
  ): Promise<{ before?: Stored<ConfigItem<E>>; after: Stored<ConfigItem<E>> }>;
  remove<E extends ConfigEntityName>(entity: E, id: string, options: { expectedVersion?: number; audit?: AuditOf }): Promise<Stored<ConfigItem<E>>>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export interface SwitchLogWriter {
  record(entry: SwitchLog): Promise<void>;
}

export interface AdminConfigDeps {
  config: ConfigWriter;
  audit: AuditLog;
  switchLogs: SwitchLogWriter;
  now: () => Date;
  newId: () => string;
}

/**
 * An audit entry for a change by `actor` now. A credential left in an item's settings from before
 * they had to be named (a legacy `signingKey` in the `before` of its fix) is not copied in.
 */
export const auditOf = (
  deps: Pick<AdminConfigDeps, 'now' | 'newId'>,
  actor: Actor,
  change: Pick<AuditEntry, 'entity' | 'entityId' | 'action' | 'before' | 'after'>,
): AuditEntry => ({
  id: deps.newId(),
  at: deps.now().toISOString(),
  user: actor.username,
  role: actor.role,
  ...withoutSecrets(change),
});

/** The audit entry of a configuration write by `actor`, for the store to write with the item. */
export const auditWith =
  (deps: Pick<AdminConfigDeps, 'now' | 'newId'>, actor: Actor, change: Pick<AuditEntry, 'entity' | 'entityId' | 'action'>): AuditOf =>
  ({ before, after }) =>
    auditOf(deps, actor, { ...change, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
