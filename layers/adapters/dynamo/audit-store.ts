import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditEntry, type AuditEntry } from '#contracts/audit';
import { DAY_KINDS, dayPartition, dayShards } from './day-partition.ts';
import type { AuditLog } from '#core/admin/ports';
import { daysBack, queryPartitions, timeRange, type Partition } from './record-queries.ts';

// Audit table (docs/ARCHITECTURE.md → audit): pk `AUDITDAY#<yyyy-mm-dd>` / sk `<at>#<id>` (the day's
// changes newest first), gsi1 `AUDITENT#<entity>` / `<at>#<id>`, gsi2 `AUDITUSER#<user>` / `<at>#<id>`.
// Entries are written once (conditional), never changed.

export const auditItem = (entry: AuditEntry): Record<string, unknown> => {
  const sk = `${entry.at}#${entry.id}`;
  return {
    pk: dayPartition(DAY_KINDS.audit, entry.at.slice(0, 10), entry.id),
    sk,
    gsi1pk: `AUDITENT#${entry.entity}`,
    gsi1sk: sk,
    gsi2pk: `AUDITUSER#${entry.user}`,
    gsi2sk: sk,
    ...entry,
  };
};

/** The conditional put of an entry, alone or as part of another write's transaction (config-store.ts). */
export const auditPut = (table: string, entry: AuditEntry) => ({
  TableName: table,
  Item: auditItem(auditEntry().parse(entry)),
  ConditionExpression: 'attribute_not_exists(pk)',
});

export const createAuditLog = (doc: DynamoDBDocumentClient, table: string): AuditLog => ({
  async record(entry) {
    await doc.send(new PutCommand(auditPut(table, entry)));
  },
});

export interface AuditFilter {
  entity?: string | undefined;
  user?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** entity → gsi1, user → gsi2 (the other filtered within), dates narrow either; else day by day. */
export const queryAudit = (doc: DynamoDBDocumentClient, table: string, f: AuditFilter, now: Date) => {
  const sk = timeRange(f);
  const key: Partition | undefined = f.entity ? { index: 'gsi1', pk: `AUDITENT#${f.entity}` } : f.user ? { index: 'gsi2', pk: `AUDITUSER#${f.user}` } : undefined;
  const partitions: Partition[] = key ? [{ ...key, ...(sk ? { sk } : {}) }] : daysBack(f, now).map((day) => dayShards(DAY_KINDS.audit, day));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { user: f.entity ? f.user : undefined, entity: key ? undefined : f.entity },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => auditEntry().parse(item),
  });
};
