import { seenBy, type SightOptions } from '#core/privacy/sight';
import { auditOf, type Actor, type AuditLog } from './ports.ts';

export interface SightDeps {
  audit: AuditLog;
  now: () => Date;
  newId: () => string;
}

export interface ReadWhat extends SightOptions {
  /** The record kind read (requests, request-users, outbox…): the audit entry's entity. */
  kind: string;
  /** The filter or path the reader was given: with the ids, which records were seen. */
  filter: Record<string, unknown>;
}

/** At most one page (≤ 100 items) is read at a time; the ids of one audit entry stay well under DynamoDB's 400 KB. */
const MAX_IDS = 100;

const ID_FIELDS = ['sendId', 'captchaId', 'messageId', 'id', 'index'] as const;
const idOf = (item: unknown): string | undefined => {
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  const field = ID_FIELDS.find((f) => record[f] !== undefined);
  if (field) return String(record[field]);
  return record.requestNo !== undefined ? `${String(record.institution ?? '')}/${String(record.requestNo)}` : undefined;
};

/** The ids of a page (`{items}`) or of one record. */
const idsOf = (result: unknown): string[] => {
  const items = (result as { items?: unknown })?.items;
  const list = Array.isArray(items) ? items : [result];
  return list.map(idOf).filter((id): id is string => id !== undefined).slice(0, MAX_IDS);
};

/**
 * What an admin reader returns, as the actor's role may see it (`seenBy`). A read that shows any
 * personal data in the clear leaves one audit entry for the whole page — who, which kind, which
 * fields, which ids and filter, when — not one per row: a page is one decision to look.
 */
export const readWithSight = async <T>(deps: SightDeps, actor: Actor, what: ReadWhat, result: T): Promise<T> => {
  const { value, revealed } = seenBy(actor.role, result, what);
  if (revealed.length > 0) {
    const ids = idsOf(result);
    const items = (result as { items?: unknown })?.items;
    const count = Array.isArray(items) ? items.length : 1;
    await deps.audit.record(
      auditOf(deps, actor, {
        entity: what.kind,
        // Items without an id field (blacklist entries) are still counted.
        entityId: ids.length === 1 ? ids[0]! : `${Math.max(ids.length, count)} items`,
        action: 'readPii',
        after: { fields: revealed, filter: what.filter, ids },
      }),
    );
  }
  return value;
};
