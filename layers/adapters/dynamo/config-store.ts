import * as z from 'zod/mini';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { configMeta } from '#contracts/config-common';
import { configEntities, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { ConfigReader, Stored } from '#core/config-port';
import type { AuditOf } from '#core/admin/ports';
import { DomainError } from '#core/errors';
import { auditPut } from './audit-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

// Configuration items live in the config table as pk `CFG#<entity>`, sk `<id>`: one partition per
// entity, so listing an entity is one Query and a lookup is one GetItem. An audited write is one
// TransactWriteItems of the item and its audit entry (audit table): both are written or neither.

const pkOf = (entity: ConfigEntityName) => `CFG#${entity}`;

/** What a read accepts per entity, with the version and audit fields: built once, on the entity's first read. */
const storedSchemas = new Map<ConfigEntityName, z.ZodMiniObject>();
const storedSchemaOf = (entity: ConfigEntityName): z.ZodMiniObject => {
  let schema = storedSchemas.get(entity);
  if (!schema) storedSchemas.set(entity, (schema = z.extend(configEntities[entity].stored, configMeta().shape)));
  return schema;
};

const parseStored = <E extends ConfigEntityName>(entity: E, raw: Record<string, unknown>): Stored<ConfigItem<E>> => {
  const { pk: _pk, sk: _sk, entity: _entity, ...fields } = raw;
  return storedSchemaOf(entity).parse(fields) as unknown as Stored<ConfigItem<E>>;
};

export interface ConfigPage<T> {
  items: T[];
  cursor?: string;
}

export interface ConfigStore extends ConfigReader {
  page<E extends ConfigEntityName>(entity: E, options: { limit: number; cursor?: string }): Promise<ConfigPage<Stored<ConfigItem<E>>>>;
  /** Creates (expectedVersion undefined) or replaces the item whose version is expectedVersion. */
  put<E extends ConfigEntityName>(
    entity: E,
    item: ConfigItem<E>,
    options: { expectedVersion?: number; by: string; now?: Date; audit?: AuditOf },
  ): Promise<{ before?: Stored<ConfigItem<E>>; after: Stored<ConfigItem<E>> }>;
  remove<E extends ConfigEntityName>(entity: E, id: string, options: { expectedVersion?: number; audit?: AuditOf }): Promise<Stored<ConfigItem<E>>>;
}

type Write = { Put: Record<string, unknown> } | { Delete: Record<string, unknown> };

/** Thrown when the item's own condition failed, alone or inside the audited transaction. */
const itemConditionFailed = (error: unknown): boolean => {
  const name = (error as Error).name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException') return false;
  return (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
};

/** `auditTable`: where audited writes put their entry (adminConfig); readers need not give it. */
export const createConfigStore = (doc: DynamoDBDocumentClient, tableName: string, auditTable?: string): ConfigStore => {
  /** The item's write, with its audit entry in the same transaction when there is one. */
  const write = async (item: Write, audit: ReturnType<AuditOf> | undefined) => {
    if (audit) {
      if (!auditTable) throw new Error('createConfigStore: an audited write needs the audit table');
      await doc.send(new TransactWriteCommand({ TransactItems: [item, { Put: auditPut(auditTable, audit) }] as never }));
    } else if ('Put' in item) {
      await doc.send(new PutCommand(item.Put as never));
    } else {
      await doc.send(new DeleteCommand(item.Delete as never));
    }
  };

  // Strongly consistent (1 read unit per 4 KB instead of ½): the API-key check reads through here on
  // every request and must see a revocation written a moment ago; the admin API reads before its
  // conditional writes. The cached lists (Query) stay eventually consistent.
  const get: ConfigStore['get'] = async (entity, id) => {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: pkOf(entity), sk: id }, ConsistentRead: true }));
    return Item ? parseStored(entity, Item) : undefined;
  };

  const page: ConfigStore['page'] = async (entity, { limit, cursor }) => {
    const result = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pkOf(entity) },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return {
      items: (result.Items ?? []).map((raw) => parseStored(entity, raw)),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey) } : {}),
    };
  };

  const list: ConfigStore['list'] = async (entity) => {
    const all = [];
    let cursor: string | undefined;
    do {
      const next = await page(entity, { limit: 500, ...(cursor ? { cursor } : {}) });
      all.push(...next.items);
      cursor = next.cursor;
    } while (cursor);
    return all;
  };

  const put: ConfigStore['put'] = async (entity, item, { expectedVersion, by, now = new Date(), audit }) => {
    const definition = configEntities[entity];
    const id = (definition.id as (i: unknown) => string)(item);
    const before = await get(entity, id);
    if (expectedVersion === undefined && before) {
      throw new DomainError('ALREADY_EXISTS', `${definition.label} ${id} 已存在 (already exists)`, 'id');
    }
    if (expectedVersion !== undefined && !before) throw new DomainError('NOT_FOUND', `${definition.label} ${id} 不存在 (not found)`);
    const stamp = now.toISOString();
    const after = {
      ...item,
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? stamp,
      updatedAt: stamp,
      updatedBy: by,
    } as Stored<ConfigItem<typeof entity>>;
    const putItem = {
      TableName: tableName,
      Item: { pk: pkOf(entity), sk: id, entity, ...after },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
    };
    try {
      await write({ Put: putItem }, audit?.({ before, after }));
    } catch (error) {
      if (!itemConditionFailed(error)) throw error;
      if (expectedVersion === undefined) throw new DomainError('ALREADY_EXISTS', `${definition.label} ${id} 已存在 (already exists)`, 'id');
      throw new DomainError('VERSION_CONFLICT', `${definition.label} ${id} 已被他人修改，请刷新后重试 (version ${expectedVersion} is stale)`, 'version');
    }
    return { ...(before ? { before } : {}), after };
  };

  const remove: ConfigStore['remove'] = async (entity, id, { expectedVersion, audit }) => {
    const label = configEntities[entity].label;
    const notFound = () => new DomainError('NOT_FOUND', `${label} ${id} 不存在 (not found)`);
    const conflict = () => new DomainError('VERSION_CONFLICT', `${label} ${id} 已被他人修改，请刷新后重试 (changed by someone else: reload)`, 'version');
    if (audit) {
      // A transaction returns no old item: read it, then delete exactly the version the entry records.
      const before = await get(entity, id);
      if (!before) throw notFound();
      const version = expectedVersion ?? before.version;
      const deleteItem = { TableName: tableName, Key: { pk: pkOf(entity), sk: id }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } };
      try {
        await write({ Delete: deleteItem }, audit({ before }));
      } catch (error) {
        if (!itemConditionFailed(error)) throw error;
        throw conflict();
      }
      return before;
    }
    try {
      const { Attributes } = await doc.send(
        new DeleteCommand({
          TableName: tableName,
          Key: { pk: pkOf(entity), sk: id },
          ReturnValues: 'ALL_OLD',
          ConditionExpression: expectedVersion === undefined ? 'attribute_exists(pk)' : 'version = :v',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return parseStored(entity, Attributes!);
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      if (expectedVersion === undefined) throw notFound();
      throw conflict();
    }
  };

  return { get, list, page, put, remove };
};
