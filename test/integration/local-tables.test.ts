import { randomBytes } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { createTables } from '../../infra/local/dynamodb.ts';
import { LOCAL_REGION, localCredentials } from '../../infra/local/local-aws.ts';
import { manifest } from '../../infra/manifest/index.ts';

describe('local tables', () => {
  it('adds the indexes a table lacks when a data directory from an earlier version is started', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: localCredentials });
    const prefix = `old${randomBytes(3).toString('hex')}`;
    const name = (table: string) => `${prefix}-${table}`;
    const messages = manifest.tables.messages;
    // The messages table as an earlier version created it: without the keys-only `day` index.
    await createTables(client, { tables: { messages: { ...messages, indexes: messages.indexes.filter((i) => i.name !== 'day') } } }, name);
    await createTables(client, { tables: { messages } }, name);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name('messages') }));
    const day = Table!.GlobalSecondaryIndexes!.find((i) => i.IndexName === 'day');
    expect(day?.Projection?.ProjectionType).toBe('KEYS_ONLY');
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(messages.indexes.map((i) => i.name).sort());
  });
});
