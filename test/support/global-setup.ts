import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../infra/local/dynamodb.ts';

/** One DynamoDB Local for the whole run; each test file makes its own tables (see useTables). */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamo({ tables: {} }, { prefix: 'unused' });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
