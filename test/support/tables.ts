import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { envKey } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { createTables } from '../../infra/local/dynamodb.ts';
import { LOCAL_REGION, localCredentials } from '../../infra/local/local-aws.ts';

export interface TestTables {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Physical name of a manifest table for this test file. */
  name: (table: keyof typeof manifest.tables) => string;
  /** TABLE_* environment keys, as a function bound to every table would get. */
  env: Record<string, string>;
}

/**
 * Creates the manifest's tables under a fresh prefix in the run's DynamoDB Local, so test files
 * never see each other's data. Without TTL: DynamoDB Local deletes expired items by the wall clock,
 * and these tests' clocks are fake (a rate window of 2026-12-02 08:00 written after that hour would
 * vanish mid-test).
 */
export const useTables = async (): Promise<TestTables> => {
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const name = (table: string) => `${prefix}-${table}`;
  await createTables(client, manifest, name, { ttl: false });
  const env = Object.fromEntries(Object.keys(manifest.tables).map((t) => [envKey.table(t), name(t)]));
  return {
    endpoint,
    client,
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    name,
    env,
  };
};

/** Points the AWS SDK of modules imported after this call at the local endpoints. */
/** What the stack gives a function bound to the scheduler (scheduled sends); schedules are only created for sendAt. */
export const schedulerTestEnv = { SCHEDULER_GROUP_NAME: 'test-schedules', SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/test-scheduler' };

export const localAwsEnv = (endpoint: string): Record<string, string> => ({
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
});
