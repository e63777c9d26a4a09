import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { callbackConfigView } from '#contracts/callbacks';
import type { CallbackConfigStore, StoredCallbackConfig } from '#core/callbacks/ports';
import { DomainError } from '#core/errors';
import * as z from 'zod/mini';
import { lazily } from '#contracts/primitives';
import { auditPut } from '../dynamo/audit-store.ts';

// Callback settings in the config table, pk `CALLBACK`, sk the institution: one partition (a few
// dozen institutions), not a config-registry entity, so the generic config API never returns the
// sealed secret. Writes are conditional on the version read, with their audit entry in one transaction.

const PK = 'CALLBACK';
const stored = lazily(() => z.extend(callbackConfigView(), { sealedSecret: z.string() }));
const parse = (item: Record<string, unknown>): StoredCallbackConfig => stored().parse(item);

export const createCallbackConfigStore = (doc: DynamoDBDocumentClient, table: string, auditTable?: string): CallbackConfigStore => ({
  async get(institution) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: PK, sk: institution }, ConsistentRead: true }));
    return Item ? parse(Item) : undefined;
  },
  async list() {
    const { Items } = await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } }));
    return (Items ?? []).map(parse);
  },
  async put(item, expectedVersion, audit) {
    if (!auditTable) throw new Error('createCallbackConfigStore: writes need the audit table');
    const condition =
      expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: { pk: PK, sk: item.institution, ...stored().parse(item) }, ...condition } }, { Put: auditPut(auditTable, audit) }],
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') {
        throw new DomainError('VERSION_CONFLICT', `回调配置 ${item.institution} 已被他人修改，请刷新后重试`, 'version');
      }
      throw error;
    }
  },
});

/** The trigger's view: every setting (one small partition) cached per container for a short TTL. */
export const cachedCallbackConfigs = (store: CallbackConfigStore, ttlMs = 30_000, now = Date.now) => {
  let cached: { at: number; value: Promise<Map<string, StoredCallbackConfig>> } | undefined;
  const all = () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    const value = store.list().then((items) => new Map(items.map((item) => [item.institution, item])));
    value.catch(() => (cached = undefined));
    cached = { at: now(), value };
    return value;
  };
  return {
    get: async (institution: string) => (await all()).get(institution),
    anyEnabled: async () => [...(await all()).values()].some((c) => c.enabled),
  };
};
