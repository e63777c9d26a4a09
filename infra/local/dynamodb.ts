import { mkdirSync } from 'node:fs';
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
import { outputTail, spawnDynamoJava, startDeadlineMs, stopJava, untilListening, type JavaChild } from './dynamodb-java.ts';
import { freePort } from './free-port.ts';
import { localCredentials, LOCAL_REGION } from './local-aws.ts';
import { checkKeyLayout } from './key-layout.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  tableName: (name: string) => string;
  /** The Java process serving now (or starting); it changes when DynamoDB Local is restarted. */
  readonly pid: number;
  /**
   * For fault drills: kills the Java process and resolves once the runner has seen it die (the
   * restart, if any, is under way): `await dynamo.kill(); await dynamo.whenServing();`.
   */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  /** How many times DynamoDB Local was restarted after it died. */
  readonly restarts: number;
  /** Resolves when DynamoDB Local serves again (at once while it serves); rejects once it is lost. */
  whenServing: () => Promise<void>;
  /**
   * Settles with the reason when DynamoDB Local is gone for good: it died with its data in memory,
   * or a restart failed. Pending for as long as all is well; the runner exits when it settles.
   */
  lost: Promise<Error>;
  stop: () => Promise<void>;
}

export interface DynamoOptions {
  /** Persist data here; in memory when absent (and then a death of Java loses it). */
  dataDir?: string;
  prefix: string;
  /** Where restart notices go; stderr by default. */
  onNotice?: (line: string) => void;
}

/** More restarts than this within RESTART_WINDOW_MS means Java cannot stay up: give up, say so. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** Until Java's socket is on loopback and it answers a call (any failure before then is the start's). */
const launch = async (port: number, dataDir: string | undefined, client: DynamoDBClient, spawned: (child: JavaChild) => void): Promise<JavaChild> => {
  const child = spawnDynamoJava(port, dataDir);
  spawned(child);
  const output = outputTail(child);
  try {
    await untilListening(child, output, startDeadlineMs());
    await client.send(new ListTablesCommand({}));
    return child;
  } catch (error) {
    await stopJava(child);
    throw error;
  }
};

/**
 * Starts DynamoDB Local (Java, loopback only, dies with this process) and creates the manifest's
 * tables. When Java dies on its own, it is restarted on the same port and data directory, so the
 * endpoint the functions were given stays valid; in memory the data died with it, so `lost` settles.
 */
export const startDynamo = async (manifest: Pick<Manifest, 'tables'>, options: DynamoOptions): Promise<LocalDynamo> => {
  const { dataDir } = options;
  const notice = options.onNotice ?? ((line: string) => process.stderr.write(`[dynamodb] ${line}\n`));
  const port = await freePort();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  // The latest Java spawned, started or still starting: the one stop() ends.
  let child!: JavaChild;
  const track = (spawned: JavaChild) => (child = spawned);
  try {
    await launch(port, dataDir, client, track);
  } catch (error) {
    client.destroy();
    throw error;
  }
  let stopping = false;
  let serving: Promise<void> = Promise.resolve();
  let restarts = 0;
  const recent: number[] = [];
  let lose!: (reason: Error) => void;
  const lost = new Promise<Error>((resolve) => (lose = resolve));

  const supervise = (watched: JavaChild) => {
    watched.once('exit', (code, signal) => {
      if (stopping) return;
      const what = `DynamoDB Local (pid ${watched.pid}) stopped (${signal ?? `exit code ${code}`})`;
      if (!dataDir) {
        serving = Promise.reject(new Error(what));
        serving.catch(() => undefined);
        lose(new Error(`${what}; in-memory data is lost — start again, or set DATA_DIR to survive this`));
        return;
      }
      const now = Date.now();
      recent.push(now);
      while (recent[0]! < now - RESTART_WINDOW_MS) recent.shift();
      if (recent.length > MAX_RESTARTS) {
        lose(new Error(`${what} for the ${recent.length}th time in a minute; not restarting it again (data is kept in ${dataDir})`));
        return;
      }
      notice(`${what}; restarting it on port ${port} with the data in ${dataDir}`);
      serving = launch(port, dataDir, client, track).then(
        (restarted) => {
          restarts += 1;
          supervise(restarted);
          notice(`DynamoDB Local is back (pid ${restarted.pid})`);
        },
        (error: Error) => {
          if (!stopping) lose(new Error(`${what} and could not be restarted: ${error.message}`));
          throw error;
        },
      );
      serving.catch(() => undefined);
    });
  };
  supervise(child);

  const stop = async () => {
    stopping = true;
    client.destroy();
    await stopJava(child);
    await serving.catch(() => undefined);
  };
  try {
    const tableName = (name: string) => `${options.prefix}-${name}`;
    await createTables(client, manifest, tableName);
    if (dataDir && 'messages' in manifest.tables) await checkKeyLayout(client, tableName('messages'), dataDir);
    return {
      endpoint,
      client,
      tableName,
      get pid() {
        return child.pid!;
      },
      get restarts() {
        return restarts;
      },
      kill: (signal = 'SIGKILL') =>
        new Promise<void>((resolve) => {
          const target = child;
          if (target.exitCode !== null || target.signalCode !== null) return resolve();
          // Registered after supervise()'s listener, so it runs once the runner has reacted.
          target.once('exit', () => resolve());
          target.kill(signal);
        }),
      whenServing: () => serving,
      lost,
      stop,
    };
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

/**
 * Creates the manifest's tables (existing ones get the indexes they lack) with their indexes and TTL.
 * DynamoDB Local deletes an expired item within a second, by the wall clock: `ttl: false` leaves TTL
 * off, for tests whose clocks are fake (often in the past), where it would delete what they just
 * wrote. The code never relies on TTL: expiry is always checked where an item is read.
 */
export const createTables = async (client: DynamoDBClient, manifest: Pick<Manifest, 'tables'>, tableName: (name: string) => string, options: { ttl?: boolean } = {}): Promise<void> => {
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
    if (spec.ttlAttribute && options.ttl !== false) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName(name),
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
};
