import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { switchLog, type SwitchLog } from '#contracts/audit';
import type { SwitchLogWriter } from '#core/admin/ports';
import { DAY_KINDS, dayPartition, dayShards } from './day-partition.ts';
import { daysBack, queryPartitions, timeRange, type Partition } from './record-queries.ts';

// 业务渠道切换记录 (BIZ_SEND_SWITCH_LOG) in the audit table, written by adminConfig: pk
// `SWLOGDAY#<yyyy-mm-dd>` / `<at>#<id>`, gsi1 `SWLOGCFG#<dispatchConfigId>` / `<at>#<id>`, gsi2
// `SWLOGBIZ#<bizType>` / `<at>#<id>` (only when the configuration matches a bizType).

export const switchLogItem = (log: SwitchLog): Record<string, unknown> => {
  const sk = `${log.at}#${log.id}`;
  return {
    pk: dayPartition(DAY_KINDS.switchLog, log.at.slice(0, 10), log.id),
    sk,
    ...(log.dispatchConfigId ? { gsi1pk: `SWLOGCFG#${log.dispatchConfigId}`, gsi1sk: sk } : {}),
    ...(log.bizType ? { gsi2pk: `SWLOGBIZ#${log.bizType}`, gsi2sk: sk } : {}),
    ...log,
  };
};

export const createSwitchLogWriter = (doc: DynamoDBDocumentClient, table: string): SwitchLogWriter => ({
  async record(log) {
    await doc.send(new PutCommand({ TableName: table, Item: switchLogItem(switchLog().parse(log)), ConditionExpression: 'attribute_not_exists(pk)' }));
  },
});

export interface SwitchLogFilter {
  dispatchConfigId?: string | undefined;
  bizType?: string | undefined;
  dispatchMethodId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * dispatchConfigId → gsi1, bizType → gsi2, else day by day; dispatchMethodId is filtered within. A
 * method belongs to one configuration, so the caller passes the method's configuration id when it
 * knows it (`configOfMethod`), which turns a method filter into a gsi1 read.
 */
export const querySwitchLogs = async (
  doc: DynamoDBDocumentClient,
  table: string,
  f: SwitchLogFilter,
  now: Date,
  configOfMethod: (methodId: string) => Promise<string | undefined> = async () => undefined,
) => {
  const configId = f.dispatchConfigId ?? (f.dispatchMethodId ? await configOfMethod(f.dispatchMethodId) : undefined);
  const sk = timeRange(f);
  const key: Partition | undefined = configId ? { index: 'gsi1', pk: `SWLOGCFG#${configId}` } : f.bizType ? { index: 'gsi2', pk: `SWLOGBIZ#${f.bizType}` } : undefined;
  const partitions: Partition[] = key ? [{ ...key, ...(sk ? { sk } : {}) }] : daysBack(f, now).map((day) => dayShards(DAY_KINDS.switchLog, day));
  return queryPartitions(doc, {
    table,
    partitions,
    filters: { dispatchMethodId: f.dispatchMethodId, bizType: configId ? f.bizType : undefined },
    limit: f.limit,
    cursor: f.cursor,
    view: (item) => switchLog().parse(item),
  });
};
