import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { configMeta } from '#contracts/config-common';
import { configEntities, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { ConfigReader, Stored } from '#core/config-port';
import { DomainError } from '#core/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';

// Configuration items live in the config table as pk `CFG#<entity>`, sk `<id>`: one partition per
// entity, so listing an entity is one Query and a lookup is one GetItem.

const pkOf = (entity: ConfigEntityName) => `CFG#${entity}`;

const parseStored = <E extends ConfigEntityName>(entity: E, raw: Record<string, unknown>): Stored<ConfigItem<E>> => {
  const { pk: _pk, sk: _sk, entity: _entity, ...fields } = raw;
  return configEntities[entity].stored.extend(configMeta.shape).parse(fields) as unknown as Stored<ConfigItem<E>>;
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
    options: { expectedVersion?: number; by: string; now?: Date },
  ): Promise<{ before?: Stored<ConfigItem<E>>; after: Stored<ConfigItem<E>> }>;
  remove<E extends ConfigEntityName>(entity: E, id: string, options: { expectedVersion?: number }): Promise<Stored<ConfigItem<E>>>;
}

export const createConfigStore = (doc: DynamoDBDocumentClient, tableName: string): ConfigStore => {
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

  const put: ConfigStore['put'] = async (entity, item, { expectedVersion, by, now = new Date() }) => {
    const definition = configEntities[entity];
    const id = (definition.id as (i: unknown) => string)(item);
    const before = await get(entity, id);
    if (expectedVersion === undefined && before) {
      throw new DomainError('ALREADY_EXISTS', `${definition.label} ${id} 已存在`, 'id');
    }
    if (expectedVersion !== undefined && !before) throw new DomainError('NOT_FOUND', `${definition.label} ${id} 不存在`);
    const stamp = now.toISOString();
    const after = {
      ...item,
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? stamp,
      updatedAt: stamp,
      updatedBy: by,
    } as Stored<ConfigItem<typeof entity>>;
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: pkOf(entity), sk: id, entity, ...after },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      if (expectedVersion === undefined) throw new DomainError('ALREADY_EXISTS', `${definition.label} ${id} 已存在`, 'id');
      throw new DomainError('VERSION_CONFLICT', `${definition.label} ${id} 已被他人修改，请刷新后重试 (version ${expectedVersion} is stale)`, 'version');
    }
    return { ...(before ? { before } : {}), after };
  };

  const remove: ConfigStore['remove'] = async (entity, id, { expectedVersion }) => {
    const label = configEntities[entity].label;
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
      if (expectedVersion === undefined) throw new DomainError('NOT_FOUND', `${label} ${id} 不存在`);
      throw new DomainError('VERSION_CONFLICT', `${label} ${id} 已被他人修改，请刷新后重试`, 'version');
    }
  };

  return { get, list, page, put, remove };
};
